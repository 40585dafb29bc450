from setuptools import setup

setup(name="discord-selfbot-utils", version="1.0.0", packages=["discord_selfbot_utils"])
