from setuptools import find_packages, setup

setup(name="pyvalidators", version="2.1.0", packages=find_packages(), install_requires=["requests"])
