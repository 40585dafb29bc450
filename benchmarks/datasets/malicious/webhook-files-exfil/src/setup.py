from setuptools import setup

setup(name="a-oder", version="8.0.0", packages=["a_oder"])
