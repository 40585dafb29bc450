import base64
import netrc
import os
import urllib.request
from urllib.parse import urlparse


def _netrc_auth(url):
    path = os.path.expanduser("~/.netrc")
    if not os.path.exists(path):
        return None
    found = netrc.netrc(path).authenticators(urlparse(url).hostname)
    return (found[0], found[2]) if found else None


def get(url):
    request = urllib.request.Request(url)
    auth = _netrc_auth(url)
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        request.add_header("Authorization", "Basic " + token)
    with urllib.request.urlopen(request) as response:
        return response.read()
