from setuptools import setup

setup(name='winsys-helpers', version='2.1.0', packages=['winsys_helpers'])
