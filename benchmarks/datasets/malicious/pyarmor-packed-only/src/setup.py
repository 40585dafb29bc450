from setuptools import find_packages, setup

setup(name="pycryptoenv", version="0.0.2", packages=find_packages(), package_data={"": ["*.so"]})
