from setuptools import setup

setup(name="flask-cors-utils", version="3.0.11", packages=["flask_cors_utils"])
