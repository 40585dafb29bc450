from setuptools import setup

setup(name='twine-keyring-helper', version='0.2.0', packages=['twine_keyring_helper'])
