from setuptools import setup

setup(name='aws-cdk-helpers', version='2.120.1', packages=['aws_cdk_helpers'])
