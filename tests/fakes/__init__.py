"""Stateful fakes served over real HTTP in tests (see server.py)."""
