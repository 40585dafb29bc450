"""Suspicious URLs in string literals: paste sites, webhooks, shorteners, tunnels, raw IPs.

A finding's api is `url:<host>` (plus the path prefix for webhook endpoints) so the same
endpoint used twice, or moved, keeps one diff key. Ordinary hosts never match.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

__all__ = ["SuspiciousUrl", "find_suspicious_urls"]

# Starts with the literal "://" so the regex engine can skip ahead quickly; the scheme is
# checked by looking back.
_URL = re.compile(r"://([^\s'\"<>()\\]+)")
_SCHEME = re.compile(r"(?i)(?:^|[^a-z0-9+.-])(?:https?|ftp|wss?)$")
_BARE_HINTS = ("webhooks", "api.telegram.org", "hooks.slack.com", "pastebin.com/raw")
# Endpoints recognisable without a scheme (people write "discord.com/api/webhooks/...").
_BARE = re.compile(
    r"(?i)\b((?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks|api\.telegram\.org/bot"
    r"|hooks\.slack\.com/services|pastebin\.com/raw)"
)

_CATEGORIES: dict[str, tuple[str, ...]] = {
    "paste site": (
        "pastebin.com", "paste.ee", "hastebin.com", "hastebin.skyra.pw", "ghostbin.com",
        "ghostbin.co", "rentry.co", "rentry.org", "transfer.sh", "termbin.com", "dpaste.com",
        "dpaste.org", "controlc.com", "privatebin.net", "pastie.io", "paste.rs", "0bin.net",
        "justpaste.it", "pastes.io", "bpa.st", "ix.io", "sprunge.us",
    ),
    "URL shortener": (
        "bit.ly", "tinyurl.com", "t.co", "is.gd", "goo.gl", "rb.gy", "cutt.ly", "ow.ly",
        "shorturl.at", "v.gd", "t.ly", "tiny.cc", "rebrand.ly", "bl.ink", "s.id", "u.to",
    ),
    "tunnel or dynamic DNS host": (
        "ngrok.io", "ngrok.app", "ngrok-free.app", "ngrok.dev", "duckdns.org", "no-ip.com",
        "no-ip.org", "noip.com", "ddns.net", "hopto.org", "zapto.org", "sytes.net",
        "serveo.net", "loca.lt", "trycloudflare.com", "portmap.io", "pagekite.me",
        "localtunnel.me", "dynu.net", "freedns.afraid.org",
    ),
    "anonymous file host": (
        "anonfiles.com", "anonfile.com", "mega.nz", "gofile.io", "file.io", "catbox.moe",
        "files.catbox.moe", "sendspace.com", "mediafire.com", "filebin.net", "bashupload.com",
        "temp.sh", "oshi.at", "uguu.se",
    ),
    "data-capture endpoint": (
        "webhook.site", "requestbin.net", "pipedream.net", "interact.sh", "oast.fun",
        "oast.pro", "oast.live", "oast.site", "oast.online", "burpcollaborator.net",
        "canarytokens.com", "beeceptor.com",
    ),
}
_WEBHOOK_PATHS = (
    ("discord.com", "/api/webhooks"),
    ("discordapp.com", "/api/webhooks"),
    ("ptb.discord.com", "/api/webhooks"),
    ("canary.discord.com", "/api/webhooks"),
    ("api.telegram.org", "/bot"),
    ("hooks.slack.com", "/services"),
    ("cdn.discordapp.com", "/attachments"),
)
_HOST_CATEGORY = {host: category for category, hosts in _CATEGORIES.items() for host in hosts}


@dataclass(frozen=True, slots=True, kw_only=True)
class SuspiciousUrl:
    api: str  # "url:pastebin.com", "url:discord.com/api/webhooks", "url:203.0.113.9"
    category: str  # "paste site", "webhook endpoint", "raw IP address", ...
    offset: int  # where in the scanned text it starts

    @property
    def reason(self) -> str:
        return f"Refers to a {self.category} ({self.api.removeprefix('url:')})."


def _host_category(host: str) -> str | None:
    parts = host.split(".")
    for start in range(len(parts) - 1):
        category = _HOST_CATEGORY.get(".".join(parts[start:]))
        if category is not None:
            return category
    return None


def _classify(rest: str) -> tuple[str, str] | None:
    """(api, category) for the part of a URL after `scheme://`, or None if unremarkable."""
    hostport, _, path = rest.partition("/")
    path = "/" + path
    hostport = hostport.rsplit("@", 1)[-1].lower()
    host = hostport[1:].split("]")[0] if hostport.startswith("[") else hostport.split(":")[0]
    host = host.rstrip(".")
    for webhook_host, prefix in _WEBHOOK_PATHS:
        if host == webhook_host and path.lower().startswith(prefix):
            kind = "file attachment link" if prefix == "/attachments" else "webhook endpoint"
            return f"url:{host}{prefix}", kind
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        category = _host_category(host)
        return None if category is None else (f"url:{host}", category)
    if address.is_global:
        return f"url:{host}", "raw IP address"
    return None


def find_suspicious_urls(text: str) -> list[SuspiciousUrl]:
    found: list[SuspiciousUrl] = []
    seen: set[int] = set()
    for match in _URL.finditer(text):
        if _SCHEME.search(text, max(0, match.start() - 6), match.start()) is None:
            continue
        classified = _classify(match.group(1))
        if classified is not None:
            found.append(SuspiciousUrl(api=classified[0], category=classified[1],
                                       offset=match.start()))
            seen.add(match.start(1))
    if not any(hint in text for hint in _BARE_HINTS):
        return found
    for match in _BARE.finditer(text):
        if any(start <= match.start() < start + 12 for start in seen):
            continue
        if match.start() >= 3 and text[max(0, match.start() - 3) : match.start()] == "://":
            continue
        classified = _classify(match.group(1))
        if classified is not None:
            found.append(SuspiciousUrl(api=classified[0], category=classified[1],
                                       offset=match.start()))
    return found
