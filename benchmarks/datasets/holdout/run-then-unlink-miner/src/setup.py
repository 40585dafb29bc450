from setuptools import setup

setup(name="secretslib2", version="0.2.0", packages=["secretslib2"])
