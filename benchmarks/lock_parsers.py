"""Time each lock parser on a generated 1,500-package lock with a realistic file mix.

    python benchmarks/lock_parsers.py [packages]

Prints the decode time (tomllib/json, which we cannot speed up) beside the whole parse.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
import time
import tomllib
from collections.abc import Callable

from bot.manifests import pdm_lock, pipfile_lock, poetry_lock, pylock, uv_lock
from bot.model import Manifest


def digest(seed: str) -> str:
    return hashlib.sha256(seed.encode()).hexdigest()


def wheel_count(index: int) -> int:
    # Most packages are pure Python (one wheel); some ship a handful; a few ship dozens.
    return 30 if index % 10 == 0 else 5 if index % 3 == 0 else 1


def uv_text(count: int) -> str:
    parts = ['version = 1\nrevision = 2\nrequires-python = ">=3.11"\n']
    for i in range(count):
        name = f"pkg{i}"
        wheels = "".join(
            f'    {{ url = "https://files.example/{name}-1.0-{w}.whl", hash = "sha256:'
            f'{digest(name + str(w))}", size = 1000, upload-time = "2024-01-01T00:00:00Z" }},\n'
            for w in range(wheel_count(i))
        )
        parts.append(
            f'\n[[package]]\nname = "{name}"\nversion = "1.{i}"\n'
            'source = { registry = "https://pypi.org/simple" }\n'
            f'dependencies = [\n    {{ name = "pkg{(i + 1) % count}" }},\n]\n'
            f'sdist = {{ url = "https://files.example/{name}.tar.gz", hash = "sha256:'
            f'{digest(name)}", size = 1000 }}\nwheels = [\n{wheels}]\n'
        )
    return "".join(parts)


def files_array(i: int, key: str) -> str:
    name = f"pkg{i}"
    return "".join(
        f'    {{{key} = "{name}-1.0-{w}.whl", hash = "sha256:{digest(name + str(w))}"}},\n'
        for w in range(wheel_count(i) + 1)
    )


def poetry_text(count: int) -> str:
    parts = [
        f'[[package]]\nname = "pkg{i}"\nversion = "1.{i}"\ndescription = "x"\noptional = false\n'
        f'python-versions = ">=3.8"\ngroups = ["main"]\nfiles = [\n{files_array(i, "file")}]\n\n'
        f'[package.dependencies]\npkg{(i + 1) % count} = ">=1"\n\n'
        for i in range(count)
    ]
    parts.append('[metadata]\nlock-version = "2.1"\npython-versions = "^3.11"\n')
    return "".join(parts)


def pdm_text(count: int) -> str:
    parts = ['[metadata]\ngroups = ["default"]\nlock_version = "4.5.0"\n\n']
    parts.extend(
        f'[[package]]\nname = "pkg{i}"\nversion = "1.{i}"\nsummary = "x"\ngroups = ["default"]\n'
        f'dependencies = ["pkg{(i + 1) % count}"]\nfiles = [\n{files_array(i, "file")}]\n\n'
        for i in range(count)
    )
    return "".join(parts)


def pylock_text(count: int) -> str:
    parts = ['lock-version = "1.0"\ncreated-by = "bench"\n\n']
    for i in range(count):
        name = f"pkg{i}"
        wheels = "".join(
            f'    {{url = "https://files.example/{name}-1.{i}-py3-none-any.whl", '
            f'hashes = {{sha256 = "{digest(name + str(w))}"}}}},\n'
            for w in range(wheel_count(i))
        )
        parts.append(
            f'[[packages]]\nname = "{name}"\nversion = "1.{i}"\n'
            f'index = "https://pypi.org/simple"\nwheels = [\n{wheels}]\n\n'
        )
    return "".join(parts)


def pipfile_text(count: int) -> str:
    default = {
        f"pkg{i}": {
            "hashes": [f"sha256:{digest(f'pkg{i}{w}')}" for w in range(wheel_count(i) + 1)],
            "index": "pypi",
            "version": f"==1.{i}",
        }
        for i in range(count)
    }
    meta = {"sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]}
    return json.dumps({"_meta": meta, "default": default, "develop": {}}, indent=4)


Parser = Callable[..., Manifest]
CASES: list[tuple[str, Callable[[int], str], Parser, Callable[[str], object]]] = [
    ("uv.lock", uv_text, uv_lock.parse, tomllib.loads),
    ("poetry.lock", poetry_text, poetry_lock.parse, tomllib.loads),
    ("pdm.lock", pdm_text, pdm_lock.parse, tomllib.loads),
    ("pylock.toml", pylock_text, pylock.parse, tomllib.loads),
    ("Pipfile.lock", pipfile_text, pipfile_lock.parse, json.loads),
]


def best_of(runs: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(runs):
        gc.collect()
        gc.disable()  # a collection landing in one run but not another makes the numbers noise
        try:
            started = time.perf_counter()
            action()
            timings.append(time.perf_counter() - started)
        finally:
            gc.enable()
    return min(timings)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    for name, make, parse, decode in CASES:
        text = make(count)
        manifest = parse(text, path=name)
        assert len(manifest.dependencies) == count, (name, manifest.errors[:3])
        decode_s = best_of(5, lambda text=text, decode=decode: decode(text))
        parse_s = best_of(5, lambda text=text, parse=parse, name=name: parse(text, path=name))
        print(
            f"{name:13} {len(text) / 1e6:5.2f} MB  decode {decode_s * 1000:7.1f} ms  "
            f"parse {parse_s * 1000:7.1f} ms  (ours {(parse_s - decode_s) * 1000:6.1f} ms)"
        )


if __name__ == "__main__":
    main()
