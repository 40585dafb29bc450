from setuptools import setup

setup(name="importantpackage2", version="0.0.4", packages=["importantpackage2"])
