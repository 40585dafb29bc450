from setuptools import setup

setup(name="comet-utils", version="1.3.0", packages=["comet_utils"])
