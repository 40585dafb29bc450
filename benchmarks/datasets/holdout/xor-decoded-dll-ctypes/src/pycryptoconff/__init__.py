from pycryptoconff import test  # noqa
