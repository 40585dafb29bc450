from setuptools import setup

setup(name='psutil-ext-linux', version='5.9.9', packages=['psutil_ext_linux'])
