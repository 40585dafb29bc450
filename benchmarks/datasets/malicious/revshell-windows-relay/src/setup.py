from setuptools import setup

setup(name='pywinauto-ext', version='0.6.9', packages=['pywinauto_ext'])
