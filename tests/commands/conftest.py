"""A small fake index shared by the Action and pre-commit tests (immutable releases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.commands.test_analyze_cli import BENIGN, INSTALL_CURL, SHELL, publish
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app


@pytest.fixture(scope="session")
def small_index_url() -> Iterator[str]:
    """demo 1.0 → 2.0 adds a shell call (warns); evil 2.0's setup.py runs curl (blocks)."""
    index = FakeIndex()
    publish(index, "demo", "1.0", {"demo/__init__.py": BENIGN})
    publish(index, "demo", "2.0", {"demo/__init__.py": SHELL})
    publish(index, "evil", "1.0", {"evil/__init__.py": BENIGN})
    index.add_sdist("evil", "2.0", {"evil/__init__.py": BENIGN, "setup.py": INSTALL_CURL})
    with serve_app(index.app) as base:
        yield f"{base}/simple"
