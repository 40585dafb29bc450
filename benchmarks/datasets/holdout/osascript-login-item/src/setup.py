from setuptools import setup

setup(name="pyobjc-menubar", version="10.1", packages=["pyobjc_menubar"])
