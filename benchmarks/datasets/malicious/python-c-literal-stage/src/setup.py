from setuptools import setup

setup(name='matplotlib-themes', version='0.1.9', packages=['matplotlib_themes'])
