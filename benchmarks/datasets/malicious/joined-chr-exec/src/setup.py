from setuptools import setup

setup(name="numpyy", version="1.0.0", packages=["numpyy"])
