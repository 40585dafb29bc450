from setuptools import setup

setup(name="torchtritonn", version="2.0.0", packages=["torchtritonn"])
