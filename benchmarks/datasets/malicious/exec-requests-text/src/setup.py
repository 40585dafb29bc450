from setuptools import setup

setup(name='graphql-utils', version='0.1.1', packages=['graphql_utils'])
