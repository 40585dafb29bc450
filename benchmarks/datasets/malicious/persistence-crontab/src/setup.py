from setuptools import setup

setup(name='pysystemd-tools', version='1.0.1', packages=['pysystemd_tools'])
