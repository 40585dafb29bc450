from setuptools import setup

setup(name='pyspellcheck', version='0.0.1', packages=['pyspellcheck'])
