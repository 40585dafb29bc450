from setuptools import setup

setup(name='cryptography-utils', version='42.0.9', packages=['cryptography_utils'])
