from setuptools import setup

setup(name='solana-keygen-py', version='0.3.0', packages=['solana_keygen_py'])
