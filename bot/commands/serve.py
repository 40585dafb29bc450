"""`capdiff serve`: the webhook server, and `capdiff worker`: the job workers.

With the real pipeline, `serve` runs its workers as a child process (`capdiff worker
--stop-on-eof`): analysis is CPU-bound Python, and in the server's own process it would
hold the GIL the webhook handler needs (acknowledgements took seconds under load). Both
share the queue (SQLite or PostgreSQL), whose claims are safe across processes. A scanner
injected through `register(subparsers, scanner_factory=...)` runs in the server's process.

To scale out, run `capdiff serve --workers 0` (web only) and any number of `capdiff worker`
processes against one PostgreSQL database (the Procfile's `web:` and `worker:` lines).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import re
import secrets
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from bot.config import Settings, SetupSettings, needs_setup
from bot.errors import ConfigError
from bot.github.auth import AppAuth
from bot.github.client import GitHubClient, fetch_installation_token
from bot.github.flow import JobRunner, PolicyLoader
from bot.github.presenter import Presenter, ReportPresenter
from bot.logcontext import configure_logging
from bot.policy import Policy, load_policy
from bot.scanning import Scanner
from bot.store.interface import StoreError
from bot.store.select import Store, is_postgres_url, open_store
from bot.web import WorkerFactory, create_app
from bot.worker import Worker

__all__ = [
    "ScannerFactory",
    "WorkerProcess",
    "build_worker_factory",
    "load_repository_policy",
    "register",
]

logger = logging.getLogger(__name__)

# (settings, the HTTP client the server owns) -> the scanner jobs use.
ScannerFactory = Callable[[Settings, httpx.AsyncClient], Scanner]

# How often an idle worker process looks for new jobs (the server cannot wake it).
CHILD_POLL_INTERVAL = 0.1


def load_repository_policy(text: str, path: str, ref: str) -> Policy:
    """`bot.policy.load_policy` in the flow's `PolicyLoader` shape."""
    return load_policy(text, path=path, ref=ref)


def build_worker_factory(
    settings: Settings,
    store: Store,
    scanner_factory: ScannerFactory,
    *,
    presenter: Presenter | None = None,
    policy_loader: PolicyLoader | None = None,
    poll_interval: float = 1.0,
    concurrency: int | None = None,
    shutdown_deadline: float = 60.0,
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
            count=settings.workers if concurrency is None else concurrency,
            max_attempts=settings.max_attempts,
            heartbeat_interval=max(0.2, settings.lease_seconds / 3),
            poll_interval=poll_interval,
            shutdown_deadline=shutdown_deadline,
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
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="job workers beside the server (default: $CAPDIFF_WORKERS, else 2); "
        "0 runs the web process only, for `capdiff worker` processes to do the jobs",
    )
    _add_log_format(parser)

    def handler(args: argparse.Namespace) -> int:
        return _serve(args, scanner_factory)

    parser.set_defaults(handler=handler)
    worker = subparsers.add_parser(
        "worker", help="run only the job workers (stops on SIGTERM, finishing its jobs)"
    )
    worker.add_argument(
        "--concurrency",
        type=int,
        default=None,
        metavar="N",
        help="jobs at a time in this process (default: $CAPDIFF_WORKERS, else 2)",
    )
    worker.add_argument(
        "--shutdown-deadline",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="on SIGTERM, how long a running job may take before it is given back",
    )
    worker.add_argument(
        "--metrics-port",
        type=int,
        default=None,
        metavar="PORT",
        help="serve Prometheus /metrics on this port (a worker-only machine has no web process)",
    )
    worker.add_argument(
        "--metrics-host", default="127.0.0.1", help="address for --metrics-port (127.0.0.1)"
    )
    worker.add_argument(
        "--stop-on-eof",
        action="store_true",
        help="also stop when stdin closes (how `capdiff serve` runs its child worker)",
    )
    _add_log_format(worker)

    def work(args: argparse.Namespace) -> int:
        return _work(args, scanner_factory or pipeline_scanner)

    worker.set_defaults(handler=work)


def _add_log_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default=None,
        help="log lines as text or as one JSON object each (default: $CAPDIFF_LOG_FORMAT, "
        "else text)",
    )


class WorkerProcess:
    """Runs `command` (a `capdiff worker`) for as long as the server runs; restarts it if it dies.

    The child stops when its stdin closes: on shutdown it finishes its jobs first, and it
    never outlives a server that was killed.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        restart_delay: float = 1.0,
        shutdown_timeout: float = 60.0,
    ) -> None:
        self._command = tuple(command)
        self._restart_delay = restart_delay
        self._shutdown_timeout = shutdown_timeout

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            process = await asyncio.create_subprocess_exec(
                *self._command, stdin=asyncio.subprocess.PIPE
            )
            exited = asyncio.ensure_future(process.wait())
            stopping = asyncio.ensure_future(stop.wait())
            await asyncio.wait({exited, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if stop.is_set():
                await self._shut_down(process, exited)
                return
            logger.error(
                "worker process exited with code %s; restarting it", process.returncode
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._restart_delay)

    async def _shut_down(
        self, process: asyncio.subprocess.Process, exited: asyncio.Future[int]
    ) -> None:
        if process.stdin is not None:
            process.stdin.close()
        try:
            await asyncio.wait_for(asyncio.shield(exited), self._shutdown_timeout)
        except TimeoutError:
            logger.error("worker process did not stop in time; killing it")
            process.kill()
            await exited


def pipeline_scanner(settings: Settings, client: httpx.AsyncClient) -> Scanner:
    """The real analysis pipeline, over the index and cache directory the settings name."""
    from bot.engine import build_scanner

    return build_scanner(
        client=client,
        index_url=settings.index_url,
        cache_dir=Path(settings.cache_dir),
        feeds=settings.feeds,
        shared_cache_url=settings.database if is_postgres_url(settings.database) else None,
    )


def _serve(args: argparse.Namespace, scanner_factory: ScannerFactory | None) -> int:
    import uvicorn

    try:
        if needs_setup(os.environ):
            setup = SetupSettings.from_env(os.environ)
            configure_logging(args.log_format)
            if not _serve_setup_page(
                setup, args.host, args.port if args.port is not None else setup.port
            ):
                return 0
        settings = Settings.load(os.environ)
    except ConfigError as exc:
        print(f"capdiff serve: {exc}", file=sys.stderr)
        return 2
    log_format = configure_logging(args.log_format)
    workers = settings.workers if args.workers is None else args.workers
    if workers < 0:
        print("capdiff serve: --workers must be 0 or more", file=sys.stderr)
        return 2
    try:
        store = open_store(settings.database, lease_seconds=settings.lease_seconds)
    except StoreError as exc:
        print(f"capdiff serve: {settings.redact(str(exc))}", file=sys.stderr)
        return 2
    worker_factory: WorkerFactory | None = None
    if workers == 0:
        logger.info("web process only: `capdiff worker` processes run the jobs")
    elif scanner_factory is None:
        child = WorkerProcess(
            [
                sys.executable, "-m", "bot", "worker", "--stop-on-eof",
                "--concurrency", str(workers), "--log-format", log_format,
            ]
        )
        worker_factory = lambda client: child  # noqa: E731 (the child has its own client)
    else:
        worker_factory = build_worker_factory(
            settings, store, scanner_factory, concurrency=workers
        )
    try:
        app = create_app(settings, store, worker_factory=worker_factory)
        port = args.port if args.port is not None else settings.port
        uvicorn.run(app, host=args.host, port=port, log_level="info", log_config=None)
    finally:
        store.close()
    return 0


def _serve_setup_page(setup: SetupSettings, host: str, port: int) -> bool:
    """Serve the setup page until the App is registered (True) or the server is stopped."""
    import uvicorn

    from bot.setup_page import create_setup_app, setup_address

    if not setup.setup_token:
        setup = dataclasses.replace(setup, setup_token=secrets.token_urlsafe(32))
    registered = threading.Event()

    def restart() -> None:  # runs once the "installed" page is sent
        registered.set()
        server.should_exit = True

    app = create_setup_app(setup, on_configured=restart)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
    logging.getLogger("uvicorn.access").addFilter(_hide_setup_token)
    shown = setup.public_url or f"http://{host}:{port}"
    # The one place the token is shown: whoever reads this log may register the App.
    logger.info(
        "no GitHub App yet: open %s to register one", setup_address(shown, setup.setup_token)
    )
    server.run()
    if registered.is_set():
        logger.info("GitHub App registered: starting with its credentials")
    return registered.is_set()


_SETUP_TOKEN_PARAMETER = re.compile(r"(setup_token=)[^&\s]*")


def _hide_setup_token(record: logging.LogRecord) -> bool:
    """Access log lines show `setup_token=…`: the link is logged once, on purpose, at start."""
    if isinstance(record.args, tuple):
        record.args = tuple(
            _SETUP_TOKEN_PARAMETER.sub(r"\1…", arg) if isinstance(arg, str) else arg
            for arg in record.args
        )
    return True


def _work(args: argparse.Namespace, scanner_factory: ScannerFactory) -> int:
    try:
        settings = Settings.load(os.environ)
    except ConfigError as exc:
        print(f"capdiff worker: {exc}", file=sys.stderr)
        return 2
    configure_logging(args.log_format)
    try:
        store = open_store(settings.database, lease_seconds=settings.lease_seconds)
    except StoreError as exc:
        print(f"capdiff worker: {settings.redact(str(exc))}", file=sys.stderr)
        return 2
    try:
        asyncio.run(_run_workers(settings, store, scanner_factory, args))
    finally:
        store.close()
    return 0


async def _run_workers(
    settings: Settings, store: Store, scanner_factory: ScannerFactory, args: argparse.Namespace
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)

    if args.stop_on_eof:

        def wait_for_eof() -> None:
            sys.stdin.buffer.read()  # returns when the server closes our stdin, or dies
            loop.call_soon_threadsafe(stop.set)

        threading.Thread(target=wait_for_eof, name="stdin-eof", daemon=True).start()
    if args.metrics_port is not None:
        from bot.metrics import serve_metrics

        serve_metrics(args.metrics_host, args.metrics_port)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0)) as client:
        factory = build_worker_factory(
            settings,
            store,
            scanner_factory,
            poll_interval=CHILD_POLL_INTERVAL,
            concurrency=args.concurrency,
            shutdown_deadline=args.shutdown_deadline,
        )
        worker = factory(client)
        logger.info("worker process ready (pid %d)", os.getpid())
        await worker.run(stop)
