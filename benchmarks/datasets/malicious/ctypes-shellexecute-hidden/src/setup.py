from setuptools import setup

setup(name='pyqt5-tools-ext', version='5.15.11', packages=['pyqt5_tools_ext'])
