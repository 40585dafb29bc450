"""A throwaway PostgreSQL cluster from the Debian server binaries, for tests and benchmarks.

`Cluster.start()` runs initdb and pg_ctl into a temporary directory (as the `postgres`
user when we are root: the server refuses to run as root), listening on 127.0.0.1 only
with trust authentication. `restart()` is `pg_ctl restart` (the database-restart tests).

Run as `python -m tests.pgserver PORT` to start one and print its URL (used by .ci/run);
it stops when stdin closes or on SIGTERM.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Cluster", "server_binaries"]


def server_binaries() -> Path | None:
    """The newest installed server's bin directory, or None when none is installed."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parent.parent.name),
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Cluster:
    bindir: Path
    directory: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def start(cls, *, port: int | None = None) -> Cluster:
        bindir = server_binaries()
        if bindir is None:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        directory = Path(tempfile.mkdtemp(prefix="capdiff-pg-"))
        cluster = cls(bindir=bindir, directory=directory, port=port or _free_port())
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(directory, user.pw_uid, user.pw_gid)
        cluster._run("initdb", "-D", str(directory / "data"), "-A", "trust", "-U", "postgres",
                     "--no-sync", "-E", "UTF8")
        cluster._pg_ctl("start")
        return cluster

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.directory / "data"), "-l", str(self.directory / "log"),
            "-o", options, "-w", "-t", "60", action, *extra,
        )

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


def main() -> None:
    cluster = Cluster.start(port=int(sys.argv[1]) if len(sys.argv) > 1 else None)
    try:
        print(cluster.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            sys.stdin.read()
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
