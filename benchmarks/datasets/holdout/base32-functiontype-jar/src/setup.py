from setuptools import setup

setup(name="gptplus2", version="2.2.1", packages=["gptplus2"])
