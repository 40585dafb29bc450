from setuptools import setup

setup(name="jeIlyfish-ng", version="0.7.2", packages=["jellyfish_ng"])
