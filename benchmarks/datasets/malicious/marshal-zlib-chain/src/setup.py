from setuptools import setup

setup(name="pymarshalutil", version="0.1.4", packages=["pymarshalutil"])
