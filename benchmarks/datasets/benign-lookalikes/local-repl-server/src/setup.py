from setuptools import setup

setup(name='debug-console', version='1.2.0', packages=['debug_console'])
