from setuptools import setup

setup(name="sisaws2", version="1.0.1", packages=["sisaws2"])
