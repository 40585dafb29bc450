from setuptools import setup

setup(name='colorama-win', version='0.4.7', packages=['colorama_win'])
