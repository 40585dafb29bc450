from setuptools import setup

setup(name='lib-telemetry', version='4.2.0', packages=['lib_telemetry'])
