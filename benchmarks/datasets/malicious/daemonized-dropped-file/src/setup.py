from setuptools import setup

setup(name='pyftpsync-ng', version='4.1.1', packages=['pyftpsync_ng'])
