from setuptools import setup

setup(name='colorterm-ext', version='0.1.8', packages=['colorterm_ext'])
