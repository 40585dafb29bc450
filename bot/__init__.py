"""capdiff: report the new risky behaviour that a change of Python dependencies brings."""

__version__ = "0.1.0"
