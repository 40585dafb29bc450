from setuptools import setup

setup(name="colorama-mirror", version="0.4.8", packages=["colorama_mirror"])
