"""Shared test settings: hypothesis profiles.

`default` is quick; `ci` (a few thousand fuzz examples in all, < 40 s) is chosen with
`--hypothesis-profile=ci` or HYPOTHESIS_PROFILE=ci.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
