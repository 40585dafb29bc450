from setuptools import setup

setup(name="pyimage-filters", version="0.0.7", packages=["pyimage_filters"], package_data={"": ["*.png"]})
