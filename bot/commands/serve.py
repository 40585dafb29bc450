"""`capdiff serve`: the webhook server with its workers in one process.

The scanner is injected through `scanner_factory`: the real pipeline is wired by the
integrator (see `register(subparsers, scanner_factory=...)`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import httpx

from bot.config import Settings
from bot.errors import ConfigError
from bot.github.auth import AppAuth
from bot.github.client import GitHubClient, fetch_installation_token
from bot.github.flow import JobRunner, PolicyLoader
from bot.github.presenter import Presenter, ReportPresenter
from bot.logcontext import LOG_FORMAT, ContextFilter
from bot.policy import Policy, load_policy
from bot.scanning import Scanner
from bot.store.queue import SqliteStore
from bot.web import create_app
from bot.worker import Worker

__all__ = ["ScannerFactory", "build_worker_factory", "load_repository_policy", "register"]

logger = logging.getLogger(__name__)

# (settings, the HTTP client the server owns) -> the scanner jobs use.
ScannerFactory = Callable[[Settings, httpx.AsyncClient], Scanner]


def load_repository_policy(text: str, path: str, ref: str) -> Policy:
    """`bot.policy.load_policy` in the flow's `PolicyLoader` shape."""
    return load_policy(text, path=path, ref=ref)


def build_worker_factory(
    settings: Settings,
    store: SqliteStore,
    scanner_factory: ScannerFactory,
    *,
    presenter: Presenter | None = None,
    policy_loader: PolicyLoader | None = None,
) -> Callable[[httpx.AsyncClient], Worker]:
    def factory(http_client: httpx.AsyncClient) -> Worker:
        auth = AppAuth(
            app_id=settings.app_id,
            private_key=settings.private_key,
            fetch_token=lambda i, j: fetch_installation_token(
                http_client, settings.github_api_url, i, j, sleep=asyncio.sleep
            ),
        )

        def client_for(installation_id: int) -> GitHubClient:
            return GitHubClient(
                http_client,
                base_url=settings.github_api_url,
                auth=auth,
                installation_id=installation_id,
                app_id=settings.app_id,
                app_slug=settings.app_slug,
                sleep=asyncio.sleep,
            )

        runner = JobRunner(
            store=store,
            clients=client_for,
            scanner=scanner_factory(settings, http_client),
            presenter=presenter or ReportPresenter(),
            load_policy=policy_loader or load_repository_policy,
            default_policy=Policy(analyze_drafts=settings.analyze_drafts),
            bot_name=settings.app_slug,
        )
        return Worker(
            store=store,
            runner=runner,
            count=settings.workers,
            max_attempts=settings.max_attempts,
            heartbeat_interval=max(0.2, settings.lease_seconds / 3),
        )

    return factory


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    *,
    scanner_factory: ScannerFactory | None = None,
) -> None:
    parser = subparsers.add_parser("serve", help="run the GitHub App webhook server and workers")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default: $PORT, else 8000")

    def handler(args: argparse.Namespace) -> int:
        return _serve(args, scanner_factory)

    parser.set_defaults(handler=handler)


def pipeline_scanner(settings: Settings, client: httpx.AsyncClient) -> Scanner:
    """The real analysis pipeline, over the index and cache directory the settings name."""
    from bot.engine import build_scanner  # noqa: PLC0415 (keeps `capdiff --help` fast)

    return build_scanner(
        client=client, index_url=settings.index_url, cache_dir=Path(settings.cache_dir)
    )


def _serve(args: argparse.Namespace, scanner_factory: ScannerFactory | None) -> int:
    import uvicorn  # noqa: PLC0415 (only the server needs it)

    try:
        settings = Settings.from_env(os.environ)
    except ConfigError as exc:
        print(f"capdiff serve: {exc}", file=sys.stderr)
        return 2
    if scanner_factory is None:
        scanner_factory = pipeline_scanner
    handler = logging.StreamHandler()
    handler.addFilter(ContextFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    store = SqliteStore(settings.database, lease_seconds=settings.lease_seconds)
    try:
        app = create_app(
            settings, store, worker_factory=build_worker_factory(settings, store, scanner_factory)
        )
        port = args.port if args.port is not None else settings.port
        uvicorn.run(app, host=args.host, port=port, log_level="info")
    finally:
        store.close()
    return 0
