from setuptools import setup

setup(name='paramiko-expect-ng', version='0.3.6', packages=['paramiko_expect_ng'])
