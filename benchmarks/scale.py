"""Throughput of the App as it scales out: one burst of pull requests, three deployments.

The same burst (PRS pull requests, each upgrading one package to a release nobody has
analyzed yet, a quarter of the webhooks redelivered) goes through:

- sqlite all-in-one: `capdiff serve` as today (one web process, one child worker process);
- postgres, 1 worker: `capdiff serve --workers 0` + one `capdiff worker` process;
- postgres, 2 workers: `capdiff serve --workers 0` + two `capdiff worker` processes.

Every run starts cold: a new database (a new SQLite file, a new PostgreSQL database) and
new cache directories. The fake GitHub and the fake package index run in a child process
of this script over HTTP on 127.0.0.1 (tests/fakes); PostgreSQL is a throwaway cluster
from the Debian server binaries (tests/pgserver.py), or $CAPDIFF_BENCH_POSTGRES.

Measured: jobs per second (PRS / time from the first webhook to the last completed check
run), end-to-end p50/p99 per pull request (webhook sent -> check run completed, stamped by
the fake GitHub), jobs lost (a pull request without a completed check run after the
timeout; must be 0) and duplicate check runs (a head with more than one; must be 0).

Each deployment runs --repeat times, interleaved with the others; the table shows each
one's median run, and every run's jobs/s is listed under it.

Usage: python benchmarks/scale.py [--prs 30] [--modules 300] [--repeat 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from benchmarks.webhook_load import (
    _free_port,
    _module_source,
    _payload_template,
    headers_for,
    percentile,
    post_raw,
    pr_body,
    raw_post,
)

ROOT = Path(__file__).resolve().parent.parent
APP_ID = 4242
SECRET = "bench-webhook-secret"
OWNER, REPO = "Codertocat", "Hello-World"
FULL = f"{OWNER}/{REPO}"
BASE_SHA = "b" * 40
LIBS = 10
SPEEDUP_TARGET = 1.7


# -- the fakes child process -----------------------------------------------------------------


def _serve_fakes(public_key_path: str, prs: int, modules: int) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Mount, Route

    from tests.fakes.github import FakeGitHub, PullRequest
    from tests.fakes.index import FakeIndex
    from tests.fakes.server import serve_app

    class StampingGitHub(FakeGitHub):
        """The fake GitHub, noting when each check run completed (for end-to-end times)."""

        completed_at: dict[int, float]

        async def update_check_run(self, request: Request) -> Response:
            response = await super().update_check_run(request)
            run = self.check_runs.get(request.path_params["id"])
            if run is not None and run["status"] == "completed":
                self.completed_at.setdefault(int(str(run["id"])), time.time())
            return response

    # Not niced: on a loaded machine a niced stand-in for GitHub would be the bottleneck.
    fake = StampingGitHub(app_id=APP_ID, public_key=Path(public_key_path).read_text())
    fake.completed_at = {}
    index = FakeIndex()
    versions = 1 + (prs + LIBS - 1) // LIBS
    for lib in range(LIBS):
        for version in range(versions):
            files = release_files(f"lib-{lib:02}", f"1.0.{version}", modules)
            index.add_sdist(f"lib-{lib:02}", f"1.0.{version}", files)
            index.add_wheel(f"lib-{lib:02}", f"1.0.{version}", files)
    base = "".join(f"lib-{lib:02}==1.0.0\n" for lib in range(LIBS))
    fake.add_commit(FULL, BASE_SHA, {"requirements.txt": base})

    async def heads(request: Request) -> Response:
        for move in await request.json():
            fake.add_commit(FULL, move["head"], {"requirements.txt": move["requirements"]})
            fake.add_pull(
                PullRequest(
                    owner=OWNER,
                    repo=REPO,
                    number=move["number"],
                    head_sha=move["head"],
                    base_sha=BASE_SHA,
                )
            )
        return Response(status_code=204)

    async def runs(request: Request) -> Response:
        with fake.lock:
            listed = [
                {
                    "head_sha": run["head_sha"],
                    "status": run["status"],
                    "completed_at": fake.completed_at.get(int(str(run["id"]))),
                }
                for run in list(fake.check_runs.values())
            ]
        return JSONResponse(listed)

    app = Starlette(
        routes=[
            Route("/_bench/heads", heads, methods=["POST"]),
            Route("/_bench/runs", runs, methods=["GET"]),
            Mount("/", app=fake.app),
        ]
    )
    with serve_app(app) as github_url, serve_app(index.app) as index_url:
        print(json.dumps({"github": github_url, "index": index_url}), flush=True)
        sys.stdin.read()


def release_files(name: str, version: str, modules: int) -> dict[str, str]:
    """Every module changes between versions, so each job analyzes a whole release."""
    package = name.replace("-", "_")
    files = {f"{package}/__init__.py": f'__version__ = "{version}"\n'}
    for index in range(modules):
        files[f"{package}/mod_{index:02}.py"] = _module_source(name, index, version)
    return files


def requirements_for(number: int) -> str:
    """PR `number` upgrades lib-(number % LIBS) to a version no other PR of the burst uses."""
    lines = []
    for lib in range(LIBS):
        version = f"1.0.{1 + number // LIBS}" if lib == number % LIBS else "1.0.0"
        lines.append(f"lib-{lib:02}=={version}\n")
    return "".join(lines)


# -- processes ---------------------------------------------------------------------------------


@dataclass
class Deployment:
    name: str
    database: str  # "sqlite" or "postgres"
    worker_processes: int  # 0: the all-in-one server runs its own child worker


DEPLOYMENTS = (
    Deployment("sqlite, all-in-one `serve`", "sqlite", 0),
    Deployment("postgres, web + 1 worker process", "postgres", 1),
    Deployment("postgres, web + 2 worker processes", "postgres", 2),
)


@contextlib.contextmanager
def fakes_process(
    workdir: Path, prs: int, modules: int
) -> Iterator[tuple[dict[str, str], Path, int]]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_path, public_path = workdir / "app.pem", workdir / "app.pub"
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    fakes = subprocess.Popen(
        [sys.executable, __file__, "--fakes", str(public_path), str(prs), str(modules)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        text=True,
    )
    try:
        assert fakes.stdout is not None
        yield json.loads(fakes.stdout.readline()), private_path, fakes.pid
    finally:
        assert fakes.stdin is not None
        fakes.stdin.close()
        try:
            fakes.wait(timeout=15)
        except subprocess.TimeoutExpired:
            fakes.kill()


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    url = os.environ.get("CAPDIFF_BENCH_POSTGRES", "").strip()
    if url:
        yield url
        return
    from tests.pgserver import Cluster

    cluster = Cluster.start()
    try:
        yield cluster.url
    finally:
        cluster.stop()


def fresh_database(server_url: str) -> str:
    import psycopg

    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(server_url)
    return parts._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def deployment_processes(
    deployment: Deployment, workdir: Path, urls: dict[str, str], key: Path, database: str
) -> Iterator[tuple[str, list[int]]]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CAPDIFF_APP_ID": str(APP_ID),
        "CAPDIFF_PRIVATE_KEY_PATH": str(key),
        "CAPDIFF_WEBHOOK_SECRET": SECRET,
        "CAPDIFF_GITHUB_API_URL": urls["github"],
        "CAPDIFF_INDEX_URL": f"{urls['index']}/simple",
        "CAPDIFF_DATABASE": database,
        "CAPDIFF_CACHE_DIR": str(workdir / "cache-web"),
        "PROMETHEUS_MULTIPROC_DIR": str(workdir / "metrics"),
    }
    (workdir / "metrics").mkdir()
    started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(name: str, arguments: list[str], extra: dict[str, str]) -> None:
        log = workdir / f"{name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", *arguments],
            cwd=ROOT,
            env={**env, **extra},
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))

    port = _free_port()
    try:
        serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
        if deployment.worker_processes == 0:
            start("serve", serve, {})
            workers_expected = 1
        else:
            start("web", [*serve, "--workers", "0"], {})
            for index in range(deployment.worker_processes):
                # Each worker is its own "machine": its own cache directory, its own archives.
                cache = {"CAPDIFF_CACHE_DIR": str(workdir / f"cache-{index}")}
                start(f"worker-{index}", ["worker"], cache)
            workers_expected = deployment.worker_processes
        capdiff = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{capdiff}/readyz", timeout=1).status_code == 200:
                    ready = sum(
                        "worker process ready" in log.read_text(errors="replace")
                        for _, log in started
                    )
                    if ready >= workers_expected:
                        break
            if any(p.poll() is not None for p, _ in started) or time.monotonic() > deadline:
                raise RuntimeError(f"{deployment.name} did not start; see the logs in {workdir}")
            time.sleep(0.1)
        yield capdiff, [process.pid for process, _ in started]
    finally:
        for process, _ in started:
            if process.poll() is None:
                process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


# -- the burst and its judge ---------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a live process (and its reaped children), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (the worker child of `serve`, analysis pools)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found.extend(descendants(int(child)))
    return found


def run_queue_seconds(pids: list[int]) -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of `pids`, from schedstat."""
    running = waiting = 0.0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):  # every thread: analysis runs in one
            with contextlib.suppress(OSError, ValueError):
                on_cpu, delay, _ = (task / "schedstat").read_text().split()
                running += int(on_cpu) / 1e9
                waiting += int(delay) / 1e9
    return running, waiting


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Outcome:
    deployment: str
    prs: int
    seconds: float
    jobs_per_second: float
    p50: float
    p99: float
    lost: int
    duplicates: int
    capdiff_cpu: float = 0.0  # web + worker processes (and their analysis pools)
    fakes_cpu: float = 0.0  # the fake GitHub and index, during the run
    # During the burst: capdiff's seconds on a CPU, and runnable but waiting for a CPU.
    on_cpu: float = 0.0
    waiting_for_cpu: float = 0.0


async def burst(capdiff: str, github: str, numbers: list[int], timeout: float) -> Outcome:
    template = _payload_template()
    heads = {n: uuid.uuid4().hex + uuid.uuid4().hex[:8] for n in numbers}
    async with httpx.AsyncClient(timeout=30) as client:
        moves = [
            # Every run of the burst analyzes the same releases (into its own new caches).
            {"number": n, "head": heads[n], "requirements": requirements_for(n % 1000)}
            for n in numbers
        ]
        (await client.post(f"{github}/_bench/heads", json=moves)).raise_for_status()
        host, port = urlsplit(capdiff).hostname or "127.0.0.1", urlsplit(capdiff).port or 80
        sent_at: dict[int, float] = {}
        rng = random.Random(7)

        async def deliver(number: int) -> None:
            body = pr_body(template, "opened", number, heads[number])
            request = raw_post(host, port, "/webhook", body, headers_for(body, str(uuid.uuid4())))
            sent_at[number] = time.time()
            copies = 2 if rng.random() < 0.25 else 1  # GitHub redelivers now and then
            for _ in range(copies):
                for _attempt in range(20):
                    with contextlib.suppress(OSError, ValueError):
                        if await post_raw(host, port, request) < 300:
                            break
                    await asyncio.sleep(0.5)

        started = time.time()
        await asyncio.gather(*(deliver(n) for n in numbers))
        wanted = {heads[n]: n for n in numbers}
        completed: dict[str, float] = {}
        counts: dict[str, int] = {}
        while time.time() - started < timeout:
            runs = (await client.get(f"{github}/_bench/runs")).json()
            counts = {}
            for run in runs:
                if run["head_sha"] in wanted:
                    counts[run["head_sha"]] = counts.get(run["head_sha"], 0) + 1
                    if run["status"] == "completed" and run["completed_at"] is not None:
                        completed[run["head_sha"]] = float(run["completed_at"])
            if len(completed) == len(wanted):
                break
            await asyncio.sleep(0.1)
        # A moment more, so a duplicate check run created late would still be seen.
        await asyncio.sleep(2.0)
        runs = (await client.get(f"{github}/_bench/runs")).json()
        counts = {}
        for run in runs:
            if run["head_sha"] in wanted:
                counts[run["head_sha"]] = counts.get(run["head_sha"], 0) + 1
    latencies = [completed[h] - sent_at[wanted[h]] for h in completed]
    finished = max(completed.values()) if completed else time.time()
    seconds = finished - started
    return Outcome(
        deployment="",
        prs=len(numbers),
        seconds=seconds,
        jobs_per_second=len(completed) / seconds if seconds > 0 else 0.0,
        p50=statistics.median(latencies) if latencies else float("nan"),
        p99=percentile(latencies, 0.99) if latencies else float("nan"),
        lost=len(wanted) - len(completed),
        duplicates=sum(1 for count in counts.values() if count > 1),
    )


def table(outcomes: list[Outcome]) -> list[str]:
    lines = [
        "| deployment | PRs | jobs/s | e2e p50 | e2e p99 | jobs lost | duplicate check runs "
        "| capdiff CPU | fakes CPU | on a CPU / waiting for one |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        lines.append(
            f"| {o.deployment} | {o.prs} | {o.jobs_per_second:.2f} | {o.p50:.1f} s "
            f"| {o.p99:.1f} s | {o.lost} | {o.duplicates} | {o.capdiff_cpu:.1f} s "
            f"| {o.fakes_cpu:.1f} s | {o.on_cpu:.1f} s / {o.waiting_for_cpu:.1f} s |"
        )
    return lines


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--fakes":
        _serve_fakes(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prs", type=int, default=30)
    parser.add_argument("--modules", type=int, default=300, help="modules per release")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the processes' logs")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds")
    parser.add_argument(
        "--only", type=int, action="append", default=None, help="run only deployment N (0-2)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="capdiff-scale-"))
    runs: dict[int, list[Outcome]] = {index: [] for index in range(len(DEPLOYMENTS))}
    loads: list[float] = []
    try:
        with (
            fakes_process(workdir, args.prs, args.modules) as (urls, key, fakes_pid),
            postgres_server() as pg,
        ):
            # Round after round, each deployment once: the machine's load drifts, and
            # interleaving spreads the drift over all three instead of favouring one.
            for round_number in range(args.repeat):
                for index, deployment in enumerate(DEPLOYMENTS):
                    if args.only is not None and index not in args.only:
                        continue
                    rundir = workdir / f"run-{round_number}-{index}"
                    rundir.mkdir()
                    database = (
                        str(rundir / "capdiff.db")
                        if deployment.database == "sqlite"
                        else fresh_database(pg)
                    )
                    numbers = [(round_number * 10 + index) * 1000 + n for n in range(args.prs)]
                    children_before = children_cpu_seconds()
                    with deployment_processes(
                        deployment, rundir, urls, key, database
                    ) as (capdiff, tops):
                        fakes_before = cpu_seconds(fakes_pid)
                        pids = [p for top in tops for p in descendants(top)]
                        before = run_queue_seconds(pids)
                        outcome = asyncio.run(
                            burst(capdiff, urls["github"], numbers, args.timeout)
                        )
                        after = run_queue_seconds(pids)
                        outcome.on_cpu = after[0] - before[0]
                        outcome.waiting_for_cpu = after[1] - before[1]
                        outcome.fakes_cpu = cpu_seconds(fakes_pid) - fakes_before
                    # Start-up included: a process's CPU is known once it is reaped.
                    outcome.capdiff_cpu = children_cpu_seconds() - children_before
                    outcome.deployment = deployment.name
                    runs[index].append(outcome)
                    loads.append(os.getloadavg()[0])
                    print(table([outcome])[-1], flush=True)
    finally:
        if args.keep:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if any(not outcomes for outcomes in runs.values()):
        return 0
    # Each deployment's median run (by jobs/s) stands for it in the table.
    medians = [sorted(o, key=lambda x: x.jobs_per_second)[len(o) // 2] for o in runs.values()]
    all_runs = [o for outcomes in runs.values() for o in outcomes]
    one, two = medians[1].jobs_per_second, medians[2].jobs_per_second
    speedup = two / one if one else 0.0
    cores = os.cpu_count() or 0
    every = "; ".join(
        f"{DEPLOYMENTS[i].name.split(',')[1].strip()}: "
        + ", ".join(f"{o.jobs_per_second:.2f}" for o in outcomes)
        for i, outcomes in runs.items()
    )
    report = [
        f"# capdiff scale-out benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{args.prs} pull requests, each upgrading one package to an unanalyzed release of "
        f"{args.modules} changed modules (sdist + wheel); a quarter of the webhooks "
        "redelivered. "
        f"{cores} CPU cores shared with other work: load average {min(loads):.1f} to "
        f"{max(loads):.1f} during the runs. Median of {args.repeat} interleaved runs per "
        "deployment; CPU columns are user + system seconds, start-up included; the last "
        "column is the capdiff processes' time on a CPU and time runnable but waiting for "
        "one, during the burst (/proc/PID/schedstat).",
        "",
        *table(medians),
        "",
        f"jobs/s of every run: {every}.",
        "",
        f"2 worker processes / 1 worker process: {speedup:.2f}x "
        f"(target {SPEEDUP_TARGET}x) -> {'OK' if speedup >= SPEEDUP_TARGET else 'BELOW TARGET'}",
        f"jobs lost: {sum(o.lost for o in all_runs)} (must be 0), duplicate check runs: "
        f"{sum(o.duplicates for o in all_runs)} (must be 0), over all runs",
    ]
    print("\n".join(report))
    if args.out is not None:
        args.out.write_text("\n".join(report) + "\n")
    return 0 if all(o.lost == 0 and o.duplicates == 0 for o in all_runs) else 1


if __name__ == "__main__":
    sys.exit(main())
