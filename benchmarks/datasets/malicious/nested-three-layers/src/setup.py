from setuptools import setup

setup(name='pyinstaller-utils', version='6.3.1', packages=['pyinstaller_utils'])
