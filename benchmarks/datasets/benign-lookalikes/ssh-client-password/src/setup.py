from setuptools import setup

setup(name='tiny-ssh', version='0.5.0', packages=['tiny_ssh'])
