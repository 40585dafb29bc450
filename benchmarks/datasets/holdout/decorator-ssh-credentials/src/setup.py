from setuptools import setup

setup(name="ssh-decorate", version="0.31", packages=["ssh_decorate"])
