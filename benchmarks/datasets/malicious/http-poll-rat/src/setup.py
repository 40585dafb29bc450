from setuptools import setup

setup(name='requests-cache-ng', version='1.2.1', packages=['requests_cache_ng'])
