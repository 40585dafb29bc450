from .types import JSONType  # noqa: F401
