from setuptools import setup

setup(name="pycryptoconff", version="1.0.1", packages=["pycryptoconff"])
