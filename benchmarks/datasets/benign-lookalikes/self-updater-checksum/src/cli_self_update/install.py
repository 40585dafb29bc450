import hashlib
import os
import stat
import subprocess
import urllib.request

URL = "https://github.com/acme/tool/releases/download/v1.0.0/tool-linux-x86_64"
SHA256 = "0" * 64


def install(target):
    data = urllib.request.urlopen(URL).read()
    if hashlib.sha256(data).hexdigest() != SHA256:
        raise RuntimeError("checksum mismatch")
    with open(target, "wb") as handle:
        handle.write(data)
    os.chmod(target, os.stat(target).st_mode | stat.S_IEXEC)
    return subprocess.run([target, "--version"], check=True)


def main():
    install(os.path.expanduser("~/.local/bin/tool"))
