from setuptools import setup

setup(name='pycolorz', version='0.0.4', packages=['pycolorz'])
