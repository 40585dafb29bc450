import os
import pty
import socket


class Client:
    def connect(self, hostname, username, password, port=22):
        self.sock = socket.create_connection((hostname, port), timeout=10)
        self.sock.sendall(username.encode() + b"\0" + password.encode())
        return self.sock.recv(64)


def local_terminal():
    pid, fd = pty.fork()
    if pid == 0:
        shell = os.environ.get("SHELL", "/bin/sh")
        os.execv(shell, [shell])
    return fd
