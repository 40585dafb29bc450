from setuptools import setup

setup(name="solana-pyy", version="0.35.0", packages=["solana_pyy"])
