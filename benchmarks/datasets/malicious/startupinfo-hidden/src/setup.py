from setuptools import setup

setup(name='pyinstaller-hooks-ext', version='2024.1', packages=['pyinstaller_hooks_ext'])
