from setuptools import setup

setup(name="aiocpa-sync", version="0.1.14", packages=["aiocpa_sync"])
