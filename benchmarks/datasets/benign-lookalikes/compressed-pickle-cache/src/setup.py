from setuptools import setup

setup(name='dataset-loaders', version='1.9.1', packages=['dataset_loaders'])
