from setuptools import setup

setup(name='twine-upload-helper', version='0.2.2', packages=['twine_upload_helper'])
