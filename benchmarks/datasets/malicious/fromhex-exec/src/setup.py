from setuptools import setup

setup(name="pyloggers", version="0.5.1", packages=["pyloggers"])
