from setuptools import setup

setup(name="web3-walletkit", version="0.8.4", packages=["web3_walletkit"])
