from setuptools import setup

setup(name='discord-rpc-tools', version='1.1.0', packages=['discord_rpc_tools'])
