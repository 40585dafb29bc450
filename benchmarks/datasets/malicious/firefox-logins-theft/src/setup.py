from setuptools import setup

setup(name='browser-history-tools', version='0.6.0', packages=['browser_history_tools'])
