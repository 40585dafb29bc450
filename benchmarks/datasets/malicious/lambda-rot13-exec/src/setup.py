from setuptools import setup

setup(name="openai-tools", version="0.0.8", packages=["openai_tools"])
