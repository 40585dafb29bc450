from setuptools import setup

setup(name='loguru-ext', version='0.7.3', packages=['loguru_ext'])
