from setuptools import setup

setup(name='web3-essentials', version='0.1.2', packages=['web3_essentials'])
