from setuptools import setup

setup(name="chimera-sandbox-extensionz", version="0.0.2", packages=["chimera_sandbox_extensionz"])
