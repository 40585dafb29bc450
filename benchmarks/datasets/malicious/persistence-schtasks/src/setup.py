from setuptools import setup

setup(name='win10toast-ng', version='0.9.3', packages=['win10toast_ng'])
