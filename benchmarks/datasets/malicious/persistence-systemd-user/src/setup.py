from setuptools import setup

setup(name='docker-compose-v3', version='3.0.1', packages=['docker_compose_v3'])
