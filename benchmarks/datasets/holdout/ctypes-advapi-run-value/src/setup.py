from setuptools import setup

setup(name="colorinall", version="0.1.7", packages=["colorinall"])
