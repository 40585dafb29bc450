from setuptools import setup

setup(name="pip-speedups", version="0.2.2", packages=["pip_speedups"])
