"""Signals of packed or obfuscated code that do not need the call graph.

Entropy thresholds were tuned on /work/venv site-packages (pip, hypothesis, httpx, ...):
hashes, regexes and data tables there stay below them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

__all__ = [
    "DECODER_APIS",
    "KNOWN_OBFUSCATORS",
    "is_high_entropy_blob",
    "is_high_entropy_bytes",
    "shannon_entropy",
]

# Calls whose output, fed to exec/eval/compile, means hidden code.
DECODER_APIS = frozenset(
    {
        "base64.b64decode", "base64.standard_b64decode", "base64.urlsafe_b64decode",
        "base64.b32decode", "base64.b16decode", "base64.b85decode", "base64.a85decode",
        "base64.decodebytes", "base64.decodestring", "codecs.decode", "bytes.fromhex",
        "builtins.bytes.fromhex",
        "binascii.unhexlify", "binascii.a2b_hex", "binascii.a2b_base64", "binascii.a2b_uu",
        "zlib.decompress", "lzma.decompress", "bz2.decompress", "gzip.decompress",
        "marshal.loads", "builtins.chr", "pickle.loads", "codecs.getdecoder",
    }
)

# Known obfuscators and packers: label, literal anchors (cheap `in` test), byte pattern.
KNOWN_OBFUSCATORS: tuple[tuple[str, tuple[bytes, ...], re.Pattern[bytes]], ...] = (
    ("pyarmor", (b"pyarmor", b"pytransform", b"__armor"),
     re.compile(rb"__pyarmor__|\bpytransform\b|pyarmor_runtime|__armor_enter__")),
    ("pyobfuscate", (b"bfuscat", b"BFUSCAT"),
     re.compile(rb"PyObfuscator|pyobfuscate|Obfuscated with|obfuscated by", re.IGNORECASE)),
    ("kramer", (b"Kramer", b"_____=eval"), re.compile(rb"\bclass Kramer\b|_____=eval")),
    ("blankobf", (b"BlankOBF", b"('builtins').exec", b'("builtins").exec'),
     re.compile(rb"BlankOBF|__import__\(['\"]builtins['\"]\)\.exec")),
    ("hyperion", (b"Hyperion", b"________"), re.compile(rb"Hyperion|_{8,}\s*=\s*__import__")),
)

_BASE64 = re.compile(r"[A-Za-z0-9+/=_\-\s]+")
_HEX = re.compile(r"[0-9a-fA-F\s]+")


def shannon_entropy(text: str) -> float:
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def is_high_entropy_blob(text: str) -> str | None:
    """Why a string literal looks like an encoded payload, or None.

    Base64 or hex blobs of 1 KB or more, or any literal of 200+ characters whose entropy
    reaches 5.5 bits per character (English prose is ~4.2, source code ~4.8).
    """
    length = len(text)
    if length < 200:
        return None
    sample = text[:65536]
    if not sample.isascii():
        # Unicode tables and prose in other scripts are high-entropy by nature; payloads
        # are encoded to ASCII to survive any source encoding.
        return None
    entropy = shannon_entropy(sample)
    if length >= 1024 and entropy >= 5.0 and " " not in sample[:200] and _BASE64.fullmatch(
        sample
    ):
        return f"a {length}-character base64-like blob"
    if (length >= 1024 and entropy >= 3.0 and _HEX.fullmatch(sample)
            and sum(c.isspace() for c in sample) < 64):
        return f"a {length}-character hex blob"
    if entropy >= 5.5:
        return f"a {length}-character string with {entropy:.1f} bits of entropy per character"
    return None


def is_high_entropy_bytes(data: bytes) -> str | None:
    """Why a bytes literal looks like an encrypted or compressed payload, or None."""
    if len(data) < 1024:
        return None
    if data.isascii():
        return is_high_entropy_blob(data.decode("ascii"))
    entropy = shannon_entropy(data[:65536].decode("latin-1"))
    if entropy >= 7.0:
        return f"a {len(data)}-byte binary blob with {entropy:.1f} bits of entropy per byte"
    return None
