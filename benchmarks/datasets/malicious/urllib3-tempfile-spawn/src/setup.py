from setuptools import setup

setup(name='pipeline-cache', version='1.2.0', packages=['pipeline_cache'])
