from setuptools import setup

setup(name='frame-tools', version='2.1.0', packages=['frame_tools', 'frame_tools.tests'])
