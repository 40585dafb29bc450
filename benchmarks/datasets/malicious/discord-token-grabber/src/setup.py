from setuptools import setup

setup(name='discordpy-self', version='2.0.1', packages=['discordpy_self'])
