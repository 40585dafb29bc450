from setuptools import setup

setup(name='tray-notes', version='2.3.0', packages=['tray_notes'])
