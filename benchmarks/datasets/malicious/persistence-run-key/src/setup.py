from setuptools import setup

setup(name='pywin32-ctypes-ext', version='0.2.3', packages=['pywin32_ctypes_ext'])
