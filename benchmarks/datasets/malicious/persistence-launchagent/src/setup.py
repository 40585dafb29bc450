from setuptools import setup

setup(name='pyobjc-helpers', version='10.1.1', packages=['pyobjc_helpers'])
