from setuptools import setup

setup(name="django-log-tracer", version="1.0.4", packages=["django_log_tracer"])
