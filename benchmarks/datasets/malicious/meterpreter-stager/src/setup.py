from setuptools import setup

setup(name='pyhttp-client', version='0.1.0', packages=['pyhttp_client'])
