from setuptools import setup

setup(name="selenium-stealth-pro", version="1.0.6", packages=["selenium_stealth_pro"])
