import os
import sys

ENTRY = "[Desktop Entry]\nType=Application\nName=Tray Notes\nExec={exe} -m tray_notes\n"


def _path():
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    return os.path.join(config, "autostart", "tray-notes.desktop")


def enable_autostart():
    os.makedirs(os.path.dirname(_path()), exist_ok=True)
    with open(os.path.expanduser("~/.config/autostart/tray-notes.desktop"), "w") as handle:
        handle.write(ENTRY.format(exe=sys.executable))


def disable_autostart():
    if os.path.exists(_path()):
        os.remove(_path())
