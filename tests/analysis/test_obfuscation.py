"""Decode chains fed to exec/eval, high-entropy literals, packed code, known obfuscators."""

from __future__ import annotations

import base64
import random
import string
import zlib

import pytest

from bot.analysis.obfuscation import is_high_entropy_blob, shannon_entropy
from bot.model import Severity
from tests.analysis.snippets import findings, rows

PAYLOAD = base64.b64encode(zlib.compress(b"print('hi')")).decode()


@pytest.mark.parametrize(
    ("source", "chain"),
    [
        (f"import base64\nexec(base64.b64decode('{PAYLOAD}'))\n", "base64.b64decode"),
        (f"import base64, zlib\nexec(zlib.decompress(base64.b64decode('{PAYLOAD}')))\n",
         "base64.b64decode+zlib.decompress"),
        (f"exec(__import__('zlib').decompress(__import__('base64').b64decode('{PAYLOAD}')))\n",
         "base64.b64decode+zlib.decompress"),
        ("import codecs\nexec(codecs.decode('cevag(1)', 'rot13'))\n", "codecs.decode"),
        ("exec(bytes.fromhex('7072696e74283129'))\n", "builtins.bytes.fromhex"),
        ("import binascii\neval(binascii.unhexlify(h))\n", "binascii.unhexlify"),
        ("import marshal\nexec(marshal.loads(blob))\n", "marshal.loads"),
        ("import lzma\nexec(lzma.decompress(blob))\n", "lzma.decompress"),
        ("exec(''.join(chr(c) for c in [112, 114]))\n", "builtins.chr"),
        ("exec(')1(tnirp'[::-1])\n", "reversed-string"),
        ("import base64\ncode = base64.b85decode(data)\nexec(compile(code, '<x>', 'exec'))\n",
         "base64.b85decode"),
    ],
)
def test_decode_chains_into_exec_are_critical(source: str, chain: str) -> None:
    found = [f for f in findings(source) if f.type.value == "obfuscated-exec"]
    assert len(found) >= 1
    assert found[0].severity is Severity.CRITICAL
    assert found[0].normalized == chain
    assert found[0].reason.startswith("Runs hidden code: ")


def test_exact_rows_for_a_classic_dropper() -> None:
    source = f"import base64\nexec(base64.b64decode('{PAYLOAD}'))\n"
    assert rows(source) == [
        ("obfuscated-exec", "builtins.exec", 2,
         "Runs hidden code: exec of data decoded with base64.b64decode."),
    ]


def test_decoding_without_exec_is_quiet() -> None:
    assert rows("import base64\ndata = base64.b64decode(blob)\nprint(data)\n") == []


def test_taint_is_per_scope_and_reset_by_rebinding() -> None:
    source = """\
    import base64
    code = base64.b64decode(blob)
    code = "x = 1"
    exec(code)
    """
    assert rows(source) == [
        ("dynamic-code", "builtins.exec", 4, "Runs dynamically built code with exec.")
    ]


def _random_text(alphabet: str, length: int, seed: int = 7) -> str:
    generator = random.Random(seed)
    return "".join(generator.choice(alphabet) for _ in range(length))


def test_high_entropy_literals() -> None:
    blob = base64.b64encode(random.Random(1).randbytes(3000)).decode()
    hex_blob = random.Random(2).randbytes(800).hex()
    noisy = _random_text(string.printable.strip(), 400)
    source = f"A = '{blob}'\nB = '{hex_blob}'\nC = {noisy!r}\n"
    assert rows(source) == [
        ("high-entropy-string", "entropy", 1,
         "Embeds a 4000-character base64-like blob, possibly an encoded payload or secret."),
        ("high-entropy-string", "entropy", 2,
         "Embeds a 1600-character hex blob, possibly an encoded payload or secret."),
        ("high-entropy-string", "entropy", 3,
         f"Embeds a 400-character string with {shannon_entropy(eval(repr(noisy))):.1f} bits "
         "of entropy per character, possibly an encoded payload or secret."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5000,
        "The quick brown fox jumps over the lazy dog. " * 40,
        "0123456789abcdef" * 10,  # a hash-length hex string is short
        "\n".join(["ATSadd", "ATSaddnz", "ATSbufread", "ATScross"] * 100),
        "".join(chr(0x4E00 + i) for i in range(600)),  # CJK table: high entropy, not ASCII
        r"^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@" * 4,
    ],
)
def test_ordinary_long_strings_stay_quiet(text: str) -> None:
    assert is_high_entropy_blob(text) is None


def test_known_obfuscators() -> None:
    pyarmor = "from pytransform import pyarmor_runtime\npyarmor_runtime()\n__pyarmor__(__name__)\n"
    assert rows(pyarmor) == [
        ("obfuscated-code", "obfuscator:pyarmor", 1,
         "Contains the signature of the pyarmor obfuscator or packer."),
    ]


def test_identifier_soup() -> None:
    names = [f"_{'lI' * 3}{bin(i)[2:].replace('0', 'l').replace('1', 'I')}" for i in range(25)]
    source = "import os\n" + "".join(f"{name} = {i}\n" for i, name in enumerate(names))
    found = [f for f in findings(source) if f.api == "obfuscator:identifier-soup"]
    assert [(f.type.value, f.line) for f in found] == [("obfuscated-code", None)]
    assert found[0].reason.startswith("Uses 25 meaningless identifiers such as ")


def test_generated_long_lines_with_normal_spacing_stay_quiet() -> None:
    line = "raise ValueError(" + " + ".join(f"'part {i}'" for i in range(400)) + ")\n"
    assert len(line) > 2000
    assert rows("import os\ndef f():\n    " + line) == []


def test_binary_bytes_blob() -> None:
    blob = random.Random(3).randbytes(2048)
    assert rows(f"DATA = {blob!r}\n") == [
        ("high-entropy-string", "entropy", 1,
         f"Embeds a 2048-byte binary blob with {shannon_entropy(blob.decode('latin-1')):.1f} "
         "bits of entropy per byte, possibly an encoded payload or secret."),
    ]
    assert rows(f"TABLE = {bytes(range(256)) * 2 + b'x' * 2000!r}\n") == []
