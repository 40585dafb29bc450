from setuptools import setup

setup(name="httpx-helpers", version="0.2.0", packages=["httpx_helpers"])
