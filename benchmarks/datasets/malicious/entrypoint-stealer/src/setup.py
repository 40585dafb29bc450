from setuptools import setup

setup(name='gitlab-cli-tools', version='0.5.0', packages=['gitlab_cli_tools'], entry_points={"console_scripts": ["gitlab-cli = gitlab_cli_tools.cli:main"]})
