from setuptools import setup

setup(name='fabric-deploy', version='3.2.3', packages=['fabric_deploy'])
