from setuptools import setup

setup(name='pyopenssl-legacy', version='23.0.1', packages=['pyopenssl_legacy'])
