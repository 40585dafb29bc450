from setuptools import setup

setup(name='office-templates-kit', version='1.1.4', packages=['office_templates_kit'])
