from setuptools import setup

setup(name='solana-keygen-utils', version='0.3.5', packages=['solana_keygen_utils'])
