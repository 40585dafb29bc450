from setuptools import setup

setup(name="tracekit", version="7.18.0", packages=["tracekit"])
