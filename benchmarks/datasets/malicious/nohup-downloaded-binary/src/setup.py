from setuptools import setup

setup(name='kube-config-tool', version='0.4.2', packages=['kube_config_tool'])
