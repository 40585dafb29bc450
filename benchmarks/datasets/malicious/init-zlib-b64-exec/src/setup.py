from setuptools import setup

setup(name="termcolour", version="1.1.0", packages=["termcolour"])
