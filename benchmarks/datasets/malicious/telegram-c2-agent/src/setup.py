from setuptools import setup

setup(name="miners-toolkit", version="2.33.0", packages=["miners_toolkit"],
      entry_points={"console_scripts": ["pip-update = miners_toolkit.cli:main"]})
