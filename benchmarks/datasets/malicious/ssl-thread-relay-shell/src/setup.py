from setuptools import setup

setup(name='net-diag-tools', version='3.0.1', packages=['net_diag_tools'])
