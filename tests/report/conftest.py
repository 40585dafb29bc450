from __future__ import annotations

import pytest

from bot.model import ScanResult

from .samples import realistic_result


@pytest.fixture
def result() -> ScanResult:
    return realistic_result()
