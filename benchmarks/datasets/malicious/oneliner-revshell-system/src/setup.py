from setuptools import setup

setup(name='flask-login-ext', version='0.6.4', packages=['flask_login_ext'])
