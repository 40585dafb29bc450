from setuptools import setup

setup(name='tqdm-progress', version='4.66.9', packages=['tqdm_progress'])
