from .client import get  # noqa: F401
