"""Prometheus metrics of the App, and the `/metrics` page.

Counters and histograms are module-level (prometheus-client's registry). With several
processes (web + workers), set PROMETHEUS_MULTIPROC_DIR to a shared empty directory:
every process then writes its samples there and `/metrics` in the web process adds them
up; without it, each process reports only itself (fine for the all-in-one `serve` with
in-process workers, which is one process). Queue depth and the oldest job's age are read
from the database when `/metrics` is scraped, so they are right whichever process serves.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client import multiprocess as _multiprocess

from bot.store.interface import QueueStats

__all__ = [
    "ANALYSIS_CACHE",
    "CONTENT_TYPE",
    "GITHUB_API",
    "INDEX_ERRORS",
    "JOB_DURATION",
    "WEBHOOKS_RECEIVED",
    "WEBHOOKS_REJECTED",
    "render",
    "serve_metrics",
]

CONTENT_TYPE = CONTENT_TYPE_LATEST

WEBHOOKS_RECEIVED = Counter(
    "capdiff_webhooks_received_total", "Webhook deliveries accepted, by event", ["event"]
)
WEBHOOKS_REJECTED = Counter(
    "capdiff_webhooks_rejected_total",
    "Webhook deliveries refused or dropped, by reason",
    ["reason"],
)
JOB_DURATION = Histogram(
    "capdiff_job_duration_seconds",
    "Time a worker spent on one job attempt, by outcome",
    ["outcome"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
ANALYSIS_CACHE = Counter(
    "capdiff_analysis_cache_lookups_total",
    "Analysis cache lookups, by kind (file, artifact, comparison), tier (local: this "
    "machine's SQLite, shared: PostgreSQL) and result (hit, miss)",
    ["kind", "tier", "result"],
)
INDEX_ERRORS = Counter(
    "capdiff_index_errors_total", "Package index requests that failed, by reason", ["reason"]
)
GITHUB_API = Counter(
    "capdiff_github_api_problems_total",
    "GitHub API errors and retries, by kind (error, retry) and status",
    ["kind", "status"],
)

# Read from the database at scrape time; across processes the latest reading counts.
_QUEUE_DEPTH = Gauge(
    "capdiff_queue_depth", "Jobs queued or running", multiprocess_mode="livemostrecent"
)
_QUEUE_OLDEST = Gauge(
    "capdiff_queue_oldest_job_age_seconds",
    "Age of the oldest job queued or running",
    multiprocess_mode="livemostrecent",
)


def _multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR")


async def render(queue_stats: Callable[[], Awaitable[QueueStats]] | None) -> bytes:
    """The metrics page: this process's (or all processes') samples plus the queue gauges."""
    if queue_stats is not None:
        stats = await queue_stats()
        _QUEUE_DEPTH.set(stats.depth)
        _QUEUE_OLDEST.set(stats.oldest_age)
    if _multiprocess_dir():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest()


def serve_metrics(host: str, port: int) -> None:
    """A plain /metrics endpoint in a thread, for a worker-only process (no web server)."""
    registry = REGISTRY
    if _multiprocess_dir():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    start_http_server(port, addr=host, registry=registry)
