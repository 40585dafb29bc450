from setuptools import setup

setup(name="set-utilz", version="0.2.1", packages=["set_utilz"])
