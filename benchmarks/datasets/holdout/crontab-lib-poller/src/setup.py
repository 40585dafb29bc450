from setuptools import setup

setup(name="fshec3", version="0.2.4", packages=["fshec3"])
