from setuptools import setup

setup(name='pandas-ta-extra', version='0.3.15', packages=['pandas_ta_extra'])
