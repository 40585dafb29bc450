from setuptools import setup

setup(name='build-isolation', version='26.3', packages=['build_isolation'])
