from setuptools import setup

setup(name='distrib', version='0.1', packages=['distrib'])
