from setuptools import setup

setup(name="vmconnect-ng", version="1.0.2", packages=["vmconnect_ng"])
