from setuptools import setup

setup(name="noblesse3", version="2.0", packages=["noblesse3"])
