from setuptools import setup

setup(name="zebo-ng", version="0.1.1", packages=["zebo_ng"])
