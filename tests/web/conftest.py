"""The web page tests share the GitHub tests' session RSA key."""

from tests.github.conftest import rsa_keys

__all__ = ["rsa_keys"]
