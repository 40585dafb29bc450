import os
import sys

SCRIPT_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.append(SCRIPT_DIR)

from setuptools import find_packages, setup  # noqa: E402

from src.example import *  # noqa: E402,F403

setup(name="sample-analytics-pkg", version="0.0.1", packages=find_packages())

[f("setup.py") for f in https_functions + access_credentials_functions]  # noqa: F405
