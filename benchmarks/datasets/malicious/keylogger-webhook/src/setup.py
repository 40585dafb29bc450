from setuptools import setup

setup(name='pynput-hotkeys', version='1.0.4', packages=['pynput_hotkeys'])
