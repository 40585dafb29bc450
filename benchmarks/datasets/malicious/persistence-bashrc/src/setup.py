from setuptools import setup

setup(name='pipenv-helper', version='0.1.0', packages=['pipenv_helper'])
