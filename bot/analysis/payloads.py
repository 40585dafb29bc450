"""Decoding constant payloads without running them: the data an `exec(...)` would see.

`exec(zlib.decompress(base64.b64decode("eJx...")))` hides its code in a literal. This module
evaluates such expressions when every input is a literal (or a name bound to one) and every
step is a known decoder: base16/32/64/85, hex, rot13, zlib/gzip/bz2/lzma, reversing, joining
literal pieces and character codes. Nothing is imported or executed. Every step is bounded:
at most `MAX_PAYLOAD` bytes out of any step, at most `_MAX_STEPS` steps per expression, and
decompression stops at the limit instead of inflating a bomb.
"""

from __future__ import annotations

import ast
import base64
import binascii
import bz2
import codecs
import lzma
import zlib
from collections.abc import Callable

__all__ = ["MAX_PAYLOAD", "decode_payload"]

MAX_PAYLOAD = 1024 * 1024
_MAX_STEPS = 200

Value = str | bytes
Resolver = Callable[[ast.expr], "str | None"]
# The expression a plain name is bound to (a literal, or a decode chain), or None.
Bindings = Callable[[str], "ast.expr | None"]


class _TooBig(Exception):
    pass


def _as_bytes(value: Value) -> bytes:
    return value.encode("utf-8", errors="surrogatepass") if isinstance(value, str) else value


def _inflate(data: bytes, make: Callable[[], object]) -> bytes:
    decompressor = make()
    out = decompressor.decompress(data, MAX_PAYLOAD + 1)  # type: ignore[attr-defined]
    if len(out) > MAX_PAYLOAD:
        raise _TooBig
    return bytes(out)


def _zlib(data: bytes) -> bytes:
    # wbits 47: zlib or gzip header, detected automatically.
    return _inflate(data, lambda: zlib.decompressobj(47))


def _raw_zlib(data: bytes) -> bytes:
    return _inflate(data, lambda: zlib.decompressobj(-15))


def _b64(data: bytes) -> bytes:
    return base64.b64decode(data + b"=" * (-len(data.strip()) % 4), validate=False)


def _urlsafe_b64(data: bytes) -> bytes:
    return base64.urlsafe_b64decode(data + b"=" * (-len(data.strip()) % 4))


_DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "base64.b64decode": _b64,
    "base64.standard_b64decode": _b64,
    "base64.decodebytes": _b64,
    "base64.decodestring": _b64,
    "binascii.a2b_base64": _b64,
    "base64.urlsafe_b64decode": _urlsafe_b64,
    "base64.b32decode": base64.b32decode,
    "base64.b16decode": lambda d: base64.b16decode(d, casefold=True),
    "base64.b85decode": base64.b85decode,
    "base64.a85decode": base64.a85decode,
    "bytes.fromhex": lambda d: bytes.fromhex(d.decode("ascii")),
    "builtins.bytes.fromhex": lambda d: bytes.fromhex(d.decode("ascii")),
    "binascii.unhexlify": binascii.unhexlify,
    "binascii.a2b_hex": binascii.a2b_hex,
    "zlib.decompress": _zlib,
    "gzip.decompress": _zlib,
    "bz2.decompress": lambda d: _inflate(d, bz2.BZ2Decompressor),
    "lzma.decompress": lambda d: _inflate(d, lzma.LZMADecompressor),
}


class _Evaluator:
    def __init__(self, resolve: Resolver, bindings: Bindings) -> None:
        self.resolve = resolve
        self.bindings = bindings
        self.steps = 0
        self.decoders: list[str] = []

    def value(self, node: ast.expr, depth: int = 0) -> Value | None:
        self.steps += 1
        if self.steps > _MAX_STEPS or depth > 40:
            return None
        result = self._value(node, depth + 1)
        if result is not None and len(result) > MAX_PAYLOAD:
            raise _TooBig
        return result

    def _value(self, node: ast.expr, depth: int) -> Value | None:
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str | bytes) else None
        if isinstance(node, ast.Name):
            bound = self.bindings(node.id)
            return None if bound is None else self.value(bound, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.value(node.left, depth)
            right = None if left is None else self.value(node.right, depth)
            if left is None or right is None or type(left) is not type(right):
                return None
            return left + right  # type: ignore[operator]
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            piece = node.slice
            if piece.lower is None and piece.upper is None and _is_minus_one(piece.step):
                inner = self.value(node.value, depth)
                if inner is not None:
                    self._note("reversed-string")
                return None if inner is None else inner[::-1]
            return None
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return None

    def _note(self, decoder: str) -> None:
        if decoder not in self.decoders:
            self.decoders.append(decoder)

    def _call(self, node: ast.Call, depth: int) -> Value | None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in {"decode", "encode"}:
            inner = self.value(func.value, depth)
            if inner is None:
                return None
            codec = self.value(node.args[0], depth) if node.args else "utf-8"
            return _recode(inner, codec if isinstance(codec, str) else "utf-8",
                           decode=func.attr == "decode")
        if isinstance(func, ast.Attribute) and func.attr == "join" and len(node.args) == 1:
            separator = self.value(func.value, depth)
            pieces = self._pieces(node.args[0], depth)
            if not isinstance(separator, str) or pieces is None:
                return None
            self._note("join")
            return separator.join(pieces)
        name = self.resolve(func)
        if name is None or not node.args:
            return None
        name = name.replace("()", "")
        if name == "codecs.decode" and len(node.args) >= 2:
            data = self.value(node.args[0], depth)
            codec = self.value(node.args[1], depth)
            if data is None or not isinstance(codec, str):
                return None
            self._note("codecs.decode")
            return _recode(data, codec, decode=True)
        if name in {"builtins.bytes", "builtins.bytearray"} and len(node.args) == 1:
            codes = self._codes(node.args[0])
            if codes is None:
                return None
            self._note("bytes-list")
            return bytes(codes)
        decoder = _DECODERS.get(name)
        if decoder is None:
            return None
        data = self.value(node.args[0], depth)
        if data is None:
            return None
        self._note(name)
        try:
            return decoder(_as_bytes(data))
        except _TooBig:
            raise
        except (ValueError, TypeError, zlib.error, lzma.LZMAError, OSError, EOFError):
            return None

    def _codes(self, node: ast.expr) -> list[int] | None:
        if not isinstance(node, ast.List | ast.Tuple) or len(node.elts) > MAX_PAYLOAD:
            return None
        codes = []
        for element in node.elts:
            if not (isinstance(element, ast.Constant) and type(element.value) is int
                    and 0 <= element.value < 256):
                return None
            codes.append(element.value)
        return codes

    def _pieces(self, node: ast.expr, depth: int) -> list[str] | None:
        """The strings a join would glue: a literal list, or chr() over literal codes."""
        if isinstance(node, ast.Name):
            bound = self.bindings(node.id)
            if bound is None or isinstance(bound, ast.Name) or depth > 20:
                return None
            return self._pieces(bound, depth + 1)
        if isinstance(node, ast.List | ast.Tuple):
            if len(node.elts) > _MAX_STEPS:
                return None
            values = [self.value(e, depth) for e in node.elts]
            return None if any(not isinstance(v, str) for v in values) else values  # type: ignore[return-value]
        if isinstance(node, ast.GeneratorExp | ast.ListComp) and len(node.generators) == 1:
            loop = node.generators[0]
            element = node.elt
            if (loop.ifs or not isinstance(loop.target, ast.Name)
                    or not isinstance(loop.iter, ast.List | ast.Tuple)
                    or not isinstance(element, ast.Call) or len(element.args) != 1
                    or self.resolve(element.func) != "builtins.chr"):
                return None
            codes = [e.value for e in loop.iter.elts
                     if isinstance(e, ast.Constant) and type(e.value) is int]
            if len(codes) != len(loop.iter.elts) or any(not 0 <= c < 0x110000 for c in codes):
                return None
            self._note("builtins.chr")
            return [chr(c) for c in codes]
        return None


def _recode(value: Value, codec: str, *, decode: bool) -> Value | None:
    codec = codec.lower().replace("-", "_")
    try:
        if codec in {"rot13", "rot_13"}:
            text = value if isinstance(value, str) else value.decode("latin-1")
            return codecs.decode(text, "rot13")
        if codec in {"hex", "hex_codec", "base64", "base64_codec", "zlib", "zlib_codec"}:
            data = _as_bytes(value)
            if codec.startswith("zlib"):
                return _zlib(data)
            return bytes.fromhex(data.decode("ascii")) if codec.startswith("hex") else _b64(data)
        if decode:
            return value.decode(codec, errors="replace") if isinstance(value, bytes) else value
        return value.encode(codec, errors="replace") if isinstance(value, str) else value
    except (LookupError, ValueError, TypeError, zlib.error, binascii.Error):
        return None


def _is_minus_one(step: ast.expr | None) -> bool:
    if isinstance(step, ast.UnaryOp) and isinstance(step.op, ast.USub):
        return isinstance(step.operand, ast.Constant) and step.operand.value == 1
    return isinstance(step, ast.Constant) and step.value == -1


def decode_payload(node: ast.expr, resolve: Resolver,
                   bindings: Bindings) -> tuple[str, tuple[str, ...]] | None:
    """(decoded text, decoders used) when `node` is a literal run through known decoders.

    None when some input is not a literal, a step is unknown, or a limit was reached."""
    evaluator = _Evaluator(resolve, bindings)
    try:
        value = evaluator.value(node)
    except (_TooBig, RecursionError, MemoryError):
        return None
    if value is None:
        return None
    text = value.decode("utf-8", errors="replace") if isinstance(value, bytes) else value
    return text, tuple(evaluator.decoders)
