from setuptools import setup

setup(name='web-cli-kit', version='3.1.0', packages=['web_cli_kit'])
