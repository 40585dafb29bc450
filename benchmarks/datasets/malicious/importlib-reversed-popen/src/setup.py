from setuptools import setup

setup(name='boto-s3-sync', version='1.2.0', packages=['boto_s3_sync'])
