from setuptools import setup

setup(name='pyautogui-helper', version='0.9.54', packages=['pyautogui_helper'])
