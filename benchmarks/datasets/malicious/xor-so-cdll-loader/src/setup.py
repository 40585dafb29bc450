from setuptools import setup

setup(name='fastjson-native', version='0.7.0', packages=['fastjson_native'])
