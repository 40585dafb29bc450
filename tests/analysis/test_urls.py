"""Suspicious URLs in string literals."""

from __future__ import annotations

import pytest

from bot.analysis.urls import find_suspicious_urls
from tests.analysis.snippets import rows


@pytest.mark.parametrize(
    ("text", "api", "category"),
    [
        ("https://pastebin.com/raw/abcd", "url:pastebin.com", "paste site"),
        ("http://paste.ee/r/x", "url:paste.ee", "paste site"),
        ("https://hastebin.com/raw/x", "url:hastebin.com", "paste site"),
        ("https://rentry.co/x/raw", "url:rentry.co", "paste site"),
        ("https://transfer.sh/abc/x.bin", "url:transfer.sh", "paste site"),
        ("https://discord.com/api/webhooks/1/abc", "url:discord.com/api/webhooks",
         "webhook endpoint"),
        ("https://discordapp.com/api/webhooks/1/abc", "url:discordapp.com/api/webhooks",
         "webhook endpoint"),
        ("https://canary.discord.com/api/webhooks/1/a", "url:canary.discord.com/api/webhooks",
         "webhook endpoint"),
        ("https://api.telegram.org/bot123:ABC/sendMessage", "url:api.telegram.org/bot",
         "webhook endpoint"),
        ("https://hooks.slack.com/services/T/B/X", "url:hooks.slack.com/services",
         "webhook endpoint"),
        ("discord.com/api/webhooks/1/abc", "url:discord.com/api/webhooks", "webhook endpoint"),
        ("https://bit.ly/3abc", "url:bit.ly", "URL shortener"),
        ("https://tinyurl.com/x", "url:tinyurl.com", "URL shortener"),
        ("https://is.gd/x", "url:is.gd", "URL shortener"),
        ("https://abc123.ngrok.io/x", "url:abc123.ngrok.io", "tunnel or dynamic DNS host"),
        ("http://evil.duckdns.org:8080/", "url:evil.duckdns.org", "tunnel or dynamic DNS host"),
        ("https://x.trycloudflare.com", "url:x.trycloudflare.com", "tunnel or dynamic DNS host"),
        ("https://mega.nz/file/x", "url:mega.nz", "anonymous file host"),
        ("https://store1.gofile.io/download/x", "url:store1.gofile.io", "anonymous file host"),
        ("https://webhook.site/uuid", "url:webhook.site", "data-capture endpoint"),
        ("http://45.77.10.3:8000/payload", "url:45.77.10.3", "raw IP address"),
        ("http://user:pw@45.77.10.3/x", "url:45.77.10.3", "raw IP address"),
        ("http://[2606:4700::1111]/x", "url:2606:4700::1111", "raw IP address"),
    ],
)
def test_suspicious(text: str, api: str, category: str) -> None:
    [url] = find_suspicious_urls(text)
    assert (url.api, url.category) == (api, category)


@pytest.mark.parametrize(
    "text",
    [
        "https://github.com/psf/requests",
        "https://pypi.org/simple/",
        "https://docs.python.org/3/library/ast.html",
        "http://127.0.0.1:8000/",
        "http://localhost:5000",
        "http://0.0.0.0:80",
        "http://192.168.1.10/admin",
        "http://10.0.0.1/",
        "http://[::1]:8080/",
        "https://discord.com/developers/docs",
        "https://api.telegram.org/file/x",
        "https://notbit.ly.example.com/x",
        "https://mybit.ly/x",
    ],
)
def test_ordinary(text: str) -> None:
    assert find_suspicious_urls(text) == []


def test_urls_in_code_become_findings() -> None:
    source = """\
    WEBHOOK = "https://discord.com/api/webhooks/123/secret"
    HOME = "https://github.com/org/project"
    def send():
        return f"https://pastebin.com/raw/{key}"
    """
    assert rows(source) == [
        ("suspicious-url", "url:discord.com/api/webhooks", 1,
         "Refers to a webhook endpoint (discord.com/api/webhooks)."),
        ("suspicious-url", "url:pastebin.com", 4, "Refers to a paste site (pastebin.com)."),
    ]
