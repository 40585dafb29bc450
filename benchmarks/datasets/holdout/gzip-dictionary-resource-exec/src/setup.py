from setuptools import setup

setup(name="spellcheckerz", version="0.9.3", packages=["spellcheckerz"])
