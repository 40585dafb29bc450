from setuptools import find_packages, setup

setup(name="sshconfig-helper", version="1.2.0", packages=find_packages())
