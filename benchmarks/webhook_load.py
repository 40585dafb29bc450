"""Webhook load and end-to-end latency of `capdiff serve` against the fake GitHub and index.

Three processes, all on 127.0.0.1:
- this one, the load generator and judge;
- a "fakes" child (this file with `--fakes`): the fake GitHub REST API (tests/fakes/github.py)
  plus two benchmark-only routes to move a PR's head and read the check runs, and the fake
  package index (tests/fakes/index.py) with releases built in memory;
- `python -m bot serve`, configured only through CAPDIFF_* variables (generated RSA key,
  temporary database and cache).

Phase 1 sends 1,000 signed `pull_request` webhooks at 200 requests/s (open loop) over 50 PRs
(opened, many synchronize pushes, ignored actions, redeliveries) while analyses run, then
waits for every PR's latest head to have a completed check run. Phase 2 measures webhook in
-> check run completed for a PR upgrading 5 packages, cold cache then warm cache.

Usage: python benchmarks/webhook_load.py [--out benchmarks/results/webhook_load-DATE.md]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import copy
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bot.web import signature_for

ROOT = Path(__file__).resolve().parent.parent
WEBHOOKS = Path("/work/shared/github/webhooks")
APP_ID = 4242
SECRET = "bench-webhook-secret"
OWNER, REPO = "Codertocat", "Hello-World"
FULL = f"{OWNER}/{REPO}"
BASE_SHA = "b" * 40

RATE = 200  # webhooks per second
WEBHOOKS_TOTAL = 1000
PRS = 50
LIBS = 10  # projects the load PRs upgrade (lib-00 .. lib-09)
PUSHES = 15  # synchronize pushes per PR in phase 1 (plus opened, ignored, redeliveries)
COLD = ("alpha", "bravo", "charlie", "delta", "echo")  # the 5-package PR of phase 2

ACK_P99_TARGET_MS = 50.0
COLD_TARGET_S = 10.0
WARM_TARGET_S = 1.0


# -- the fakes child process ---------------------------------------------------------------


def _module_source(name: str, index: int, version: str) -> str:
    """A plausible module of ~4 KB: functions, a class, imports (nothing risky)."""
    lines = [
        f'"""{name} module {index} (version {version})."""',
        "from __future__ import annotations",
        "import json",
        "import re",
        "from dataclasses import dataclass",
        "",
    ]
    for number in range(12):
        lines += [
            f"def helper_{number}(value: str, *, limit: int = {number + 10}) -> str:",
            f'    """Normalise value number {number}."""',
            "    cleaned = re.sub(r'\\s+', ' ', value).strip()",
            "    if len(cleaned) > limit:",
            "        cleaned = cleaned[:limit]",
            f"    return json.dumps({{'v': cleaned, 'n': {number}}})",
            "",
        ]
    lines += [
        "@dataclass",
        f"class Record{index}:",
        "    name: str",
        "    size: int = 0",
        "",
        "    def describe(self) -> str:",
        f"        return f'{{self.name}} ({{self.size}}) v{version}'",
        "",
    ]
    return "\n".join(lines) + "\n"


def _release_files(name: str, version: str, modules: int) -> dict[str, str]:
    package = name.replace("-", "_")
    files = {f"{package}/__init__.py": f'__version__ = "{version}"\n'}
    for index in range(modules):
        # Only the first module changes between versions, as in most real upgrades.
        files[f"{package}/mod_{index:02}.py"] = _module_source(
            name, index, version if index == 0 else "1"
        )
    return files


def _serve_fakes(public_key_path: str) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Mount, Route

    from tests.fakes.github import FakeGitHub, PullRequest
    from tests.fakes.index import FakeIndex
    from tests.fakes.server import serve_app

    # GitHub and PyPI are not on capdiff's machine: their stand-ins yield the CPU to it.
    os.nice(10)
    fake = FakeGitHub(app_id=APP_ID, public_key=Path(public_key_path).read_text())
    index = FakeIndex()

    def publish(name: str, version: str, modules: int) -> None:
        files = _release_files(name, version, modules)
        index.add_sdist(name, version, files)
        index.add_wheel(name, version, files)

    for lib in range(LIBS):
        for push in range(PUSHES + 1):
            publish(f"lib-{lib:02}", f"1.0.{push}", 4)
    for name in COLD:
        publish(name, "1.0", 20)
        publish(name, "2.0", 20)
    fake.add_commit(FULL, BASE_SHA, {"requirements.txt": base_requirements()})

    async def heads(request: Request) -> Response:
        """Move PR heads: a list of {number, head, requirements}, applied in order."""
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
                    "id": run["id"],
                    "head_sha": run["head_sha"],
                    "status": run["status"],
                    "conclusion": run["conclusion"],
                    "title": run["output"]["title"],  # type: ignore[index]
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
        sys.stdin.read()  # until the parent closes our stdin


def base_requirements() -> str:
    pins = [f"lib-{lib:02}==1.0.0" for lib in range(LIBS)] + [f"{n}==1.0" for n in COLD]
    return "".join(f"{pin}\n" for pin in pins)


def head_requirements(changes: dict[str, str]) -> str:
    lines = []
    for line in base_requirements().splitlines():
        name = line.split("==")[0]
        lines.append(f"{name}=={changes[name]}" if name in changes else line)
    return "".join(f"{line}\n" for line in lines)


# -- the judge -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _payload_template() -> dict[str, object]:
    data: dict[str, object] = json.loads((WEBHOOKS / "pull_request.opened.json").read_text())
    return data


def pr_body(template: dict[str, object], action: str, number: int, head: str) -> bytes:
    data = copy.deepcopy(template)
    data["action"] = action
    data["number"] = number
    pull = data["pull_request"]
    assert isinstance(pull, dict)
    pull["number"] = number
    pull["head"]["sha"] = head
    pull["base"]["sha"] = BASE_SHA
    pull["draft"] = False
    return json.dumps(data).encode()


def headers_for(body: bytes, delivery: str) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": delivery,
        "x-hub-signature-256": signature_for(body, SECRET),
    }


@dataclass
class Event:
    number: int
    action: str
    head: str
    requirements: str | None  # set for a push (the fake's PR head moves first)
    delivery: str


@dataclass
class LoadResult:
    ack_ms: list[float] = field(default_factory=list)
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    failures: collections.Counter[str] = field(default_factory=collections.Counter)
    latest_head: dict[int, str] = field(default_factory=dict)
    sent_heads: dict[int, list[str]] = field(default_factory=dict)
    achieved_rate: float = 0.0


def plan_load() -> list[Event]:
    """WEBHOOKS_TOTAL events, round-robin over PRS pull requests, in send order."""
    per_pr: list[list[Event]] = []
    for number in range(1, PRS + 1):
        lib = f"lib-{number % LIBS:02}"
        events: list[Event] = []
        heads = [f"{number:04}{push:04}".ljust(40, "a") for push in range(PUSHES + 1)]
        events.append(
            Event(number, "opened", heads[0], head_requirements({lib: "1.0.1"}), str(uuid.uuid4()))
        )
        for push in range(1, PUSHES + 1):
            version = f"1.0.{1 + push % PUSHES}"
            events.append(
                Event(
                    number,
                    "synchronize",
                    heads[push],
                    head_requirements({lib: version}),
                    str(uuid.uuid4()),
                )
            )
            if push in (5, 10):  # actions capdiff ignores
                events.append(Event(number, "labeled", heads[push], None, str(uuid.uuid4())))
        # GitHub redelivers now and then: the same delivery id again.
        last = events[-1]
        for _ in range(20 - len(events)):
            events.append(Event(number, last.action, last.head, None, last.delivery))
        per_pr.append(events[:20])
    ordered = [per_pr[pr][step] for step in range(20) for pr in range(PRS)]
    assert len(ordered) == WEBHOOKS_TOTAL
    return ordered


async def run_load(client: httpx.AsyncClient, capdiff: str, github: str) -> LoadResult:
    template = _payload_template()
    result = LoadResult()
    events = plan_load()
    sends: list[asyncio.Task[None]] = []
    host, port = urlsplit(capdiff).hostname or "127.0.0.1", urlsplit(capdiff).port or 80
    # Built before the clock starts: the generator must not be what is slow.
    requests = {
        id(event): raw_post(host, port, "/webhook", body, headers_for(body, event.delivery))
        for event in events
        for body in [pr_body(template, event.action, event.number, event.head)]
    }

    async def send(event: Event) -> None:
        started = time.perf_counter()
        try:
            status = await post_raw(host, port, requests[id(event)])
        except (OSError, ValueError) as error:  # GitHub would record a failed delivery
            result.failures[type(error).__name__] += 1
            return
        result.ack_ms.append((time.perf_counter() - started) * 1000)
        result.statuses[status] += 1

    start = time.perf_counter()
    # One step = one event per PR (0.25 s at 200/s): the fake's heads move first, in one
    # call, then the step's webhooks go out open-loop, each on its own schedule.
    for first in range(0, len(events), PRS):
        step = events[first : first + PRS]
        await move_heads(
            client,
            github,
            [(e.number, e.head, e.requirements) for e in step if e.requirements is not None],
        )
        for position, event in enumerate(step, start=first):
            delay = start + position / RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if event.requirements is not None:
                result.latest_head[event.number] = event.head
                result.sent_heads.setdefault(event.number, []).append(event.head)
            sends.append(asyncio.create_task(send(event)))
    sent = time.perf_counter()
    await asyncio.gather(*sends)
    result.achieved_rate = len(events) / (sent - start)
    return result


def raw_post(host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def post_raw(host: str, port: int, request: bytes) -> int:
    """Send one request on a new connection (as GitHub delivers); the response status."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # until the server closes
    finally:
        writer.close()
    return int(status_line.split()[1])


async def idle_baseline(capdiff: str, count: int = 200) -> list[float]:
    """Ack latency of ignored actions at RATE with no job running: the machine's own floor."""
    template = _payload_template()
    host, port = urlsplit(capdiff).hostname or "127.0.0.1", urlsplit(capdiff).port or 80
    requests = []
    for number in range(count):
        body = pr_body(template, "labeled", 1000 + number, "e" * 40)
        headers = headers_for(body, str(uuid.uuid4()))
        requests.append(raw_post(host, port, "/webhook", body, headers))
    latencies: list[float] = []

    async def send(request: bytes) -> None:
        started = time.perf_counter()
        await post_raw(host, port, request)
        latencies.append((time.perf_counter() - started) * 1000)

    start = time.perf_counter()
    tasks = []
    for position, request in enumerate(requests):
        delay = start + position / RATE - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(request)))
    await asyncio.gather(*tasks)
    return latencies


async def move_heads(
    client: httpx.AsyncClient, github: str, moves: list[tuple[int, str, str | None]]
) -> None:
    """Point the fake's PRs at new heads (a harness call, not measured)."""
    body = [{"number": n, "head": h, "requirements": r} for n, h, r in moves]
    for attempt in range(3):
        try:
            moved = await client.post(f"{github}/_bench/heads", json=body)
            moved.raise_for_status()
            return
        except httpx.TransportError:  # an idle keep-alive connection closed under us
            if attempt == 2:
                raise


async def fetch_runs(client: httpx.AsyncClient, github: str) -> list[dict[str, object]]:
    response = await client.get(f"{github}/_bench/runs")
    response.raise_for_status()
    runs: list[dict[str, object]] = response.json()
    return runs


async def wait_for_heads(
    client: httpx.AsyncClient, github: str, heads: set[str], timeout: float
) -> tuple[set[str], float]:
    """Poll until every head has a completed run; the heads still missing and the wait."""
    started = time.perf_counter()
    missing = set(heads)
    while missing and time.perf_counter() - started < timeout:
        runs = await fetch_runs(client, github)
        done = {str(r["head_sha"]) for r in runs if r["status"] == "completed"}
        missing -= done
        if missing:
            await asyncio.sleep(0.01)
    return missing, time.perf_counter() - started


async def end_to_end(
    client: httpx.AsyncClient, capdiff: str, github: str, number: int, head: str
) -> tuple[float, str]:
    template = _payload_template()
    changes = dict.fromkeys(COLD, "2.0")
    await move_heads(client, github, [(number, head, head_requirements(changes))])
    body = pr_body(template, "opened", number, head)
    started = time.perf_counter()
    response = await client.post(
        f"{capdiff}/webhook", content=body, headers=headers_for(body, str(uuid.uuid4()))
    )
    response.raise_for_status()
    while True:
        runs = [r for r in await fetch_runs(client, github) if r["head_sha"] == head]
        if runs and runs[0]["status"] == "completed":
            return time.perf_counter() - started, f"{runs[0]['conclusion']}: {runs[0]['title']}"
        if time.perf_counter() - started > 120:
            return float("inf"), "timed out"
        await asyncio.sleep(0.005)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[position]


@contextlib.contextmanager
def processes(workdir: Path, *, debug: bool = False) -> Iterator[tuple[str, str, Path]]:
    extra_path = os.environ.get("PYTHONPATH", "")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_path = workdir / "app.pem"
    public_path = workdir / "app.pub"
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
    # Extra import paths (e.g. to try uvicorn with httptools) come from the caller's PYTHONPATH.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), extra_path]))}
    fakes = subprocess.Popen(
        [sys.executable, __file__, "--fakes", str(public_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        text=True,
    )
    serve: subprocess.Popen[bytes] | None = None
    try:
        assert fakes.stdout is not None
        urls = json.loads(fakes.stdout.readline())
        port = _free_port()
        serve_env = {
            **env,
            "CAPDIFF_APP_ID": str(APP_ID),
            "CAPDIFF_PRIVATE_KEY_PATH": str(private_path),
            "CAPDIFF_WEBHOOK_SECRET": SECRET,
            "CAPDIFF_GITHUB_API_URL": urls["github"],
            "CAPDIFF_INDEX_URL": f"{urls['index']}/simple",
            "CAPDIFF_DATABASE": str(workdir / "capdiff.db"),
            "CAPDIFF_CACHE_DIR": str(workdir / "cache"),
        }
        if debug:  # asyncio logs every callback that holds the event loop over 100 ms
            serve_env["PYTHONASYNCIODEBUG"] = "1"
        log = (workdir / "serve.log").open("wb")
        serve = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=serve_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        capdiff = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{capdiff}/readyz", timeout=1).status_code == 200:
                    break
            if serve.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"capdiff serve did not start; see {workdir / 'serve.log'}")
            time.sleep(0.05)
        yield capdiff, urls["github"], workdir / "serve.log"
    finally:
        if serve is not None:
            serve.terminate()
            try:
                serve.wait(timeout=15)
            except subprocess.TimeoutExpired:
                serve.kill()
        assert fakes.stdin is not None
        fakes.stdin.close()
        try:
            fakes.wait(timeout=15)
        except subprocess.TimeoutExpired:
            fakes.kill()


def http_parser() -> str:
    """What uvicorn parses HTTP with in the server (httptools when importable, else h11)."""
    import importlib.util

    return "httptools" if importlib.util.find_spec("httptools") else "h11 (pure Python)"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def judge(capdiff: str, github: str) -> tuple[list[str], dict[str, object]]:
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    baseline = await idle_baseline(capdiff)
    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        load = await run_load(client, capdiff, github)
        latest = set(load.latest_head.values())
        missing, drained = await wait_for_heads(client, github, latest, timeout=300)
        runs = await fetch_runs(client, github)
        per_head = collections.Counter(str(r["head_sha"]) for r in runs)
        duplicates = {head: n for head, n in per_head.items() if n > 1}
        latest_conclusions = collections.Counter(
            str(r["conclusion"]) for r in runs if r["head_sha"] in latest
        )
        superseded = sum(1 for r in runs if r["title"] == "Superseded")

        cold, cold_outcome = await end_to_end(client, capdiff, github, 901, "c" * 40)
        warm, warm_outcome = await end_to_end(client, capdiff, github, 902, "d" * 40)

    p50 = statistics.median(load.ack_ms)
    p99 = percentile(load.ack_ms, 0.99)
    heads_sent = sum(len(h) for h in load.sent_heads.values())
    rows = [
        "| measure | result | target | |",
        "|---|---|---|---|",
        f"| webhooks sent (rate offered) | {WEBHOOKS_TOTAL} ({load.achieved_rate:.0f}/s) "
        f"| 1,000 at 200/s | {verdict(load.achieved_rate >= 0.95 * RATE)} |",
        f"| responses | {', '.join(f'{s}: {n}' for s, n in sorted(load.statuses.items()))} "
        "| 202 queued/ignored, 200 duplicate | "
        f"{verdict(set(load.statuses) <= {200, 202})} |",
        f"| failed deliveries (no response) | "
        f"{sum(load.failures.values())} {dict(load.failures) or ''} | 0 "
        f"| {verdict(not load.failures)} |",
        f"| baseline: ack p50 / p99 of 200 ignored webhooks, no job running "
        f"| {statistics.median(baseline):.1f} / {percentile(baseline, 0.99):.1f} ms | — | |",
        f"| ack latency p50 | {p50:.1f} ms | — | |",
        f"| ack latency p99 | {p99:.1f} ms | < {ACK_P99_TARGET_MS:.0f} ms "
        f"| {verdict(p99 < ACK_P99_TARGET_MS)} |",
        f"| ack latency max | {max(load.ack_ms):.1f} ms | — | |",
        f"| jobs lost (latest heads without a completed check run) | {len(missing)} of "
        f"{len(latest)} | 0 | {verdict(not missing)} |",
        f"| queue drained after the last webhook | {drained:.1f} s | — | |",
        f"| heads with more than one check run | {len(duplicates)} (of {heads_sent} pushed) "
        f"| 0 | {verdict(not duplicates)} |",
        f"| check runs: total / closed as superseded | {len(runs)} / {superseded} | — | |",
        f"| latest heads' conclusions | "
        f"{', '.join(f'{c}: {n}' for c, n in sorted(latest_conclusions.items()))} | — | |",
        f"| PR upgrading 5 packages, cold cache ({cold_outcome}) | {cold:.2f} s "
        f"| ≤ {COLD_TARGET_S:.0f} s | {verdict(cold <= COLD_TARGET_S)} |",
        f"| same upgrades, another PR, warm cache ({warm_outcome}) | {warm:.2f} s "
        f"| ≤ {WARM_TARGET_S:.0f} s | {verdict(warm <= WARM_TARGET_S)} |",
    ]
    details: dict[str, object] = {"duplicates": duplicates, "missing": sorted(missing)}
    return rows, details


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fakes", metavar="PUBLIC_KEY", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="also write the table (markdown) here")
    parser.add_argument("--workdir", type=Path, help="keep keys, database, cache and log here")
    parser.add_argument(
        "--debug-serve", action="store_true", help="run capdiff serve in asyncio debug mode"
    )
    args = parser.parse_args()
    if args.fakes:
        _serve_fakes(args.fakes)
        return 0
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="capdiff-bench-") as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        if any(workdir.iterdir()):
            parser.error(f"{workdir} is not empty (a database left there would be replayed)")
        with processes(workdir, debug=args.debug_serve) as (capdiff, github, log):
            rows, details = asyncio.run(judge(capdiff, github))
        errors = [
            line
            for line in Path(log).read_text(errors="replace").splitlines()
            if " ERROR " in line or "Traceback" in line
        ]
    load_after = os.getloadavg()[0]
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        f"# capdiff webhook load — {stamp}",
        "",
        "`capdiff serve` as a subprocess (its 2 workers in a child process); fake GitHub + "
        f"fake index in another (nice 10: they stand in for remote services); "
        f"{os.cpu_count()} CPUs. Load: {WEBHOOKS_TOTAL} `pull_request` "
        f"webhooks at {RATE}/s "
        f"over {PRS} PRs (opened, {PUSHES} pushes, 2 ignored actions, redeliveries each). "
        f"Load average (1 min) before / after: {load_before:.1f} / {load_after:.1f} "
        "(includes other work on the machine).",
        "",
    ]
    footer = ["", f"HTTP parser in capdiff serve: {http_parser()}"]
    footer.append(f"Errors logged by capdiff serve: {len(errors)}")
    footer += [f"    {line}" for line in errors[:10]]
    if details["duplicates"] or details["missing"]:
        footer.append(f"Details: {json.dumps(details)[:2000]}")
    text = "\n".join(header + rows + footer) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
