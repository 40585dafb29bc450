from setuptools import setup

setup(name="ccxt-mexc-futurez", version="1.0.3", packages=["ccxt_mexc_futurez"])
