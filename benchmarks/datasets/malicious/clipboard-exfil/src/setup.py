from setuptools import setup

setup(name='pyperclip3', version='1.9.1', packages=['pyperclip3'])
