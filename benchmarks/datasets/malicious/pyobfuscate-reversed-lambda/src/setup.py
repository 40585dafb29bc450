from setuptools import setup

setup(name='discord-webhooks-py', version='1.0.2', packages=['discord_webhooks_py'])
