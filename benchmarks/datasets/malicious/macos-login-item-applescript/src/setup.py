from setuptools import setup

setup(name='pyobjc-trayicon', version='0.9.1', packages=['pyobjc_trayicon'])
