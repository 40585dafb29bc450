from setuptools import setup

setup(name='pyautogui-plus', version='0.9.55', packages=['pyautogui_plus'])
