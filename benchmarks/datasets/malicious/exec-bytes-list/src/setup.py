from setuptools import setup

setup(name='rich-logging', version='13.7.2', packages=['rich_logging'])
