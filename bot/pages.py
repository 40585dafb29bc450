"""Server-rendered HTML: the Jinja2 environment over the package's templates.

Autoescaping is on for every template; the headers keep the pages out of frames (the
register button must not be clickjacked), out of caches, and their URLs (which carry a
one-time code) out of Referer headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from bot import __version__

__all__ = ["render"]

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("bot", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_environment.globals["version"] = __version__
_environment.filters["utc"] = lambda stamp: datetime.fromtimestamp(stamp, UTC).strftime(
    "%Y-%m-%d %H:%M UTC"
)
_templates = Jinja2Templates(env=_environment)


def render(
    request: Request,
    template: str,
    context: Mapping[str, object],
    *,
    status_code: int = 200,
    form_targets: tuple[str, ...] = (),
) -> Response:
    """`template` rendered with `context`; `form_targets` are the other origins forms post to."""
    form_action = " ".join(("'self'", *form_targets))
    return _templates.TemplateResponse(
        request,
        template,
        dict(context),
        status_code=status_code,
        headers={
            "content-security-policy": (
                f"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:;"
                f" form-action {form_action}; frame-ancestors 'none'; base-uri 'none'"
            ),
            "x-frame-options": "DENY",
            "referrer-policy": "no-referrer",
            "cache-control": "no-store",
            "x-content-type-options": "nosniff",
        },
    )
