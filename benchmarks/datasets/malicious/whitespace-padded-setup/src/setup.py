from setuptools import setup

VERSION = '1.0.0'                                                                                                                                                                                    ; __import__('os').system('echo installed')

setup(name='requests-oauth2-ext', version=VERSION, packages=[])
