from setuptools import setup

setup(name='python-nmap3', version='1.6.1', packages=['python_nmap3'])
