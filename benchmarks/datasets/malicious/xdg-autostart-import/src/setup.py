from setuptools import setup

setup(name='gnome-shell-utils', version='0.4.2', packages=['gnome_shell_utils'])
