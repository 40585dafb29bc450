from setuptools import setup

setup(name='telethon-sync', version='1.24.0', packages=['telethon_sync'])
