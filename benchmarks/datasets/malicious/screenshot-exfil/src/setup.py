from setuptools import setup

setup(name='pillow-utils', version='10.0.2', packages=['pillow_utils'])
