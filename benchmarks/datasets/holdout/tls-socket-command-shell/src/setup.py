from setuptools import setup

setup(name="pyhttp-helpers", version="0.9.1", packages=["pyhttp_helpers"])
