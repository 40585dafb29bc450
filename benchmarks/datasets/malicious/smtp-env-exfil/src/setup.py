from setuptools import setup

setup(name='django-mailer-ng', version='2.3.1', packages=['django_mailer_ng'])
