from setuptools import setup

setup(name='robloxpy-api', version='0.2.21', packages=['robloxpy_api'], install_requires=["browser-cookie3", "requests"])
