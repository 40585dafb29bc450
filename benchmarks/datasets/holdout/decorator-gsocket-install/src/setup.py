from setuptools import setup

setup(name="dbgpkgs", version="1.2.0", packages=["dbgpkgs"])
