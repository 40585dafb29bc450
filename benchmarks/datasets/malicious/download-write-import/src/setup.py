from setuptools import setup

setup(name='aiohttp-proxy-ng', version='0.2.0', packages=['aiohttp_proxy_ng'])
