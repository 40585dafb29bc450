from setuptools import setup

setup(name="pytagora3", version="1.2", packages=["pytagora3"])
