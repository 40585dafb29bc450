from setuptools import setup

setup(name="gnome-theme-kit", version="0.6.0", packages=["gnome_theme_kit"])
