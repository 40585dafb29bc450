from setuptools import setup

setup(name='sqlalchemy-utils-ng', version='0.41.3', packages=['sqlalchemy_utils_ng'])
