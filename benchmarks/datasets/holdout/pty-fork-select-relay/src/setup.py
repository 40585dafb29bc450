from setuptools import setup

setup(name="termios-utils", version="1.0.6", packages=["termios_utils"])
