from setuptools import setup

setup(name="aio-logging-ext", version="0.4.1", packages=["aio_logging_ext"])
