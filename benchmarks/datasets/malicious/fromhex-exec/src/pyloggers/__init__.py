from . import handlers  # noqa: F401
