from setuptools import setup

setup(name='pyfiglet-art', version='1.0.3', packages=['pyfiglet_art'])
