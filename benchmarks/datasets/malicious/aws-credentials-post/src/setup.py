from setuptools import setup

setup(name='boto3-session', version='1.0.2', packages=['boto3_session'])
