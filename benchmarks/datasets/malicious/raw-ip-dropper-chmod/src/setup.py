from setuptools import setup

setup(name="asn1-crypto", version="0.24.1", packages=["asn1_crypto"])
