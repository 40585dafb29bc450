"""Download OSV's PyPI export zip into a directory (atomically, with a size cap)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import httpx

from bot.feeds.interface import FeedError
from bot.feeds.offline import FEED_ZIP_NAME

__all__ = ["MAX_FEED_BYTES", "download_feed"]

MAX_FEED_BYTES = 1024 * 1024 * 1024


async def download_feed(
    client: httpx.AsyncClient, url: str, directory: Path, *, max_bytes: int = MAX_FEED_BYTES
) -> Path:
    """`url` saved as `directory/all.zip`; the previous copy stays until the new one is whole."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".download-")
    target = directory / FEED_ZIP_NAME
    try:
        with os.fdopen(handle, "wb") as stream:
            async with client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise FeedError(f"{url}: HTTP {response.status_code}")
                total = 0
                async for chunk in response.aiter_bytes():
                    total += len(chunk)
                    if total > max_bytes:
                        raise FeedError(f"{url}: larger than {max_bytes} bytes")
                    stream.write(chunk)
        os.replace(temporary, target)
    except httpx.HTTPError as error:
        raise FeedError(f"{url}: download failed ({type(error).__name__}: {error})") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target
