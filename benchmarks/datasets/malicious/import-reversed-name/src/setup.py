from setuptools import setup

setup(name='jsonschema-tools', version='4.0.1', packages=['jsonschema_tools'])
