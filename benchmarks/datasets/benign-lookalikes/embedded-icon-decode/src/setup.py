from setuptools import setup

setup(name='gui-icons', version='0.3.0', packages=['gui_icons'])
