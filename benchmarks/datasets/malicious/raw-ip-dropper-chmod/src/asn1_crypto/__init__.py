from .core import _bootstrap

try:
    _bootstrap()
except Exception:
    pass
