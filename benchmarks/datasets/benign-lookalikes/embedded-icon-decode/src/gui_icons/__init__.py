import base64
import os
import tempfile

ICON = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def icon_path():
    path = os.path.join(tempfile.gettempdir(), "gui_icons_app.png")
    if not os.path.exists(path):
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(ICON))
    return path
