from setuptools import setup

setup(name='azure-identity-ext', version='1.15.1', packages=['azure_identity_ext'])
