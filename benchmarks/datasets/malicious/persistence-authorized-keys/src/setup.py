from setuptools import setup

setup(name='django-debug-panel', version='0.8.3', packages=['django_debug_panel'])
