from setuptools import setup

setup(name="fabrrice", version="3.2.1", packages=["fabrrice"])
