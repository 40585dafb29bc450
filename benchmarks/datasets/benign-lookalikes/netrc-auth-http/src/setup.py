from setuptools import setup

setup(name='http-client-lite', version='2.34.0', packages=['http_client_lite'])
