from setuptools import setup

setup(name="libpeshka", version="0.1.5", packages=["libpeshka"])
