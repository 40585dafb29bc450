from setuptools import setup

setup(name='cli-self-update', version='0.8.1', packages=['cli_self_update'], entry_points={"console_scripts": ["tool-install = cli_self_update.install:main"]})
