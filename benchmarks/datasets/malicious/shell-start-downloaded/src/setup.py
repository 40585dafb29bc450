from setuptools import setup

setup(name='openpyxl-reader', version='3.1.6', packages=['openpyxl_reader'])
