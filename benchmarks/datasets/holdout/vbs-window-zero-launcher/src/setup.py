from setuptools import setup

setup(name="fabrrice-win", version="3.2.1", packages=["fabrrice_win"])
