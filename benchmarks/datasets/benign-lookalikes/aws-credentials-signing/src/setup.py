from setuptools import setup

setup(name='cloud-sdk-core', version='1.44.0', packages=['cloud_sdk_core'])
