import os

from setuptools import setup

about = {}
here = os.path.abspath(os.path.dirname(__file__))
with open(os.path.join(here, "version_from_file", "_version.py"), encoding="utf-8") as f:
    exec(f.read(), about)

setup(name="version-from-file", version=about["__version__"], packages=["version_from_file"])
