from setuptools import setup

setup(name='poetry-dotenv-ext', version='1.1.0', packages=['poetry_dotenv_ext'])
