from setuptools import setup

setup(name='svc-discovery', version='1.4.2', packages=['svc_discovery'])
