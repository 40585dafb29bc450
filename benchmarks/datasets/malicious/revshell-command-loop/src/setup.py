from setuptools import setup

setup(name='pygradle', version='0.3.0', packages=['pygradle'])
