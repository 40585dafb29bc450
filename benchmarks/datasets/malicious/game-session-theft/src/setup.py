from setuptools import setup

setup(name='mcstatus-tools', version='11.1.2', packages=['mcstatus_tools'])
