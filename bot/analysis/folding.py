"""Constant folding of small string expressions, without running anything.

Obfuscated names such as `getattr(os, 'sys' + 'tem')`, `'metsys'[::-1]`,
`''.join(['o', 's'])`, `bytes.fromhex('6f73').decode()` or
`base64.b64decode('b3M=').decode()` are folded so the resolver sees `os.system`.
Every step is bounded: inputs and outputs longer than `MAX_FOLDED` are not folded.
"""

from __future__ import annotations

import ast
import base64
import binascii
import codecs
from collections.abc import Callable

__all__ = ["MAX_FOLDED", "fold_string"]

MAX_FOLDED = 4096
_MAX_DEPTH = 20

# Resolves a call's function to a qualified name ("base64.b64decode"), or None.
Resolver = Callable[[ast.expr], "str | None"]
# The constant string a plain name is bound to (`URL = "https://..."`), or None.
Constants = Callable[[str], "str | None"]


def _decode_b64(data: str) -> str | None:
    try:
        return base64.b64decode(data, validate=False).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


def _decode_hex(data: str) -> str | None:
    try:
        return bytes.fromhex(data).decode("utf-8")
    except ValueError:
        return None


def _decode_b32(data: str) -> str | None:
    try:
        return base64.b32decode(data).decode("utf-8")
    except (binascii.Error, ValueError):
        return None


_DECODERS: dict[str, Callable[[str], str | None]] = {
    "base64.b64decode": _decode_b64,
    "base64.standard_b64decode": _decode_b64,
    "base64.decodebytes": _decode_b64,
    "base64.b32decode": _decode_b32,
    "bytes.fromhex": _decode_hex,
    "builtins.bytes.fromhex": _decode_hex,
    "binascii.unhexlify": _decode_hex,
    "binascii.a2b_hex": _decode_hex,
}


def fold_string(node: ast.expr, resolve: Resolver, depth: int = 0,
                constants: Constants | None = None) -> str | None:
    """The string value `node` always has, when it is built from constants only."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.Name):
        return None if constants is None else constants(node.id)
    result = _fold(node, resolve, depth + 1, constants)
    if result is not None and len(result) > MAX_FOLDED:
        return None
    return result


def _fold(
    node: ast.expr, resolve: Resolver, depth: int, constants: Constants | None
) -> str | None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            return node.value
        if isinstance(node.value, bytes):
            return node.value.decode("latin-1")
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = fold_string(node.left, resolve, depth, constants)
        right = fold_string(node.right, resolve, depth, constants) if left is not None else None
        if left is None or right is None:
            return None
        return left + right
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None or value.conversion != -1:
                    return None
                part = fold_string(value.value, resolve, depth, constants)
            else:
                part = fold_string(value, resolve, depth, constants)
            if part is None:
                return None
            parts.append(part)
        return "".join(parts)
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
        return _fold_reverse(node, resolve, depth, constants)
    if isinstance(node, ast.Call):
        return _fold_call(node, resolve, depth, constants)
    return None


def _fold_reverse(
    node: ast.Subscript, resolve: Resolver, depth: int, constants: Constants | None
) -> str | None:
    piece = node.slice
    assert isinstance(piece, ast.Slice)
    if piece.lower is not None or piece.upper is not None or piece.step is None:
        return None
    step = piece.step
    is_minus_one = (
        isinstance(step, ast.UnaryOp)
        and isinstance(step.op, ast.USub)
        and isinstance(step.operand, ast.Constant)
        and step.operand.value == 1
    ) or (isinstance(step, ast.Constant) and step.value == -1)
    if not is_minus_one:
        return None
    value = fold_string(node.value, resolve, depth, constants)
    return None if value is None else value[::-1]


def _fold_call(
    node: ast.Call, resolve: Resolver, depth: int, constants: Constants | None
) -> str | None:
    func = node.func
    if node.keywords:
        return None
    if isinstance(func, ast.Attribute):
        # "".join([...]) and "...".decode() / .encode() on foldable receivers.
        if func.attr == "join" and len(node.args) == 1:
            separator = fold_string(func.value, resolve, depth, constants)
            items = node.args[0]
            if separator is None or not isinstance(items, ast.List | ast.Tuple):
                return None
            folded = [fold_string(item, resolve, depth, constants) for item in items.elts]
            if any(part is None for part in folded):
                return None
            return separator.join(part for part in folded if part is not None)
        if func.attr in {"decode", "encode"} and len(node.args) <= 1:
            return fold_string(func.value, resolve, depth, constants)
        if func.attr == "lower" and not node.args:
            inner = fold_string(func.value, resolve, depth, constants)
            return None if inner is None else inner.lower()
    name = resolve(func)
    if name is None or len(node.args) < 1:
        return None
    if name == "builtins.chr" and len(node.args) == 1:
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and type(arg.value) is int and 0 <= arg.value < 0x110000:
            return chr(arg.value)
        return None
    if name == "codecs.decode" and len(node.args) == 2:
        data = fold_string(node.args[0], resolve, depth, constants)
        codec = fold_string(node.args[1], resolve, depth, constants)
        if data is None or codec is None:
            return None
        if codec.replace("_", "").lower() == "rot13":
            return codecs.decode(data, "rot13")
        if codec.lower() == "hex":
            return _decode_hex(data)
        return None
    decoder = _DECODERS.get(name)
    if decoder is None or len(node.args) != 1:
        return None
    data = fold_string(node.args[0], resolve, depth, constants)
    if data is None:
        return None
    return decoder(data)
