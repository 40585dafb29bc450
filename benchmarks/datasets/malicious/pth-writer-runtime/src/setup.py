from setuptools import setup

setup(name='numba-jit-cache', version='0.59.2', packages=['numba_jit_cache'])
