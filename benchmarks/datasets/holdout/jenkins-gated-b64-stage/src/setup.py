from setuptools import setup

setup(name="pingdomv4", version="1.9.1", packages=["pingdomv4"])
