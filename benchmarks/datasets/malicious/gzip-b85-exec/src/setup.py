from setuptools import setup

setup(name='pyjwt-tools', version='2.8.1', packages=['pyjwt_tools'])
