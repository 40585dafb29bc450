from setuptools import setup

setup(name='pygame-menu-ext', version='4.4.4', packages=['pygame_menu_ext'])
