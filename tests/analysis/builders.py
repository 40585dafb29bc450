"""Build sdists and wheels in memory for tests, from a mapping of path -> content.

    build_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\\n"})  -> .tar.gz bytes
    build_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\\n"})  -> .whl (zip) bytes
    sdist_filename("demo", "1.0") == "demo-1.0.tar.gz"
    wheel_filename("demo", "1.0") == "demo-1.0-py3-none-any.whl"

Paths are relative to the project root (sdist) or site-packages (wheel). The builders add the
metadata a real build has (PKG-INFO and, unless given, a setuptools pyproject.toml for an
sdist; METADATA, WHEEL, top_level.txt and RECORD for a wheel), with fixed timestamps so the
same input gives the same bytes. Content may be str (UTF-8) or bytes.

`raw_tar` and `raw_zip` build hostile archives member by member.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "TarEntry",
    "build_sdist",
    "build_wheel",
    "raw_tar",
    "raw_zip",
    "sdist_filename",
    "wheel_filename",
]

Content = str | bytes
_EPOCH = 1_700_000_000
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)


def _bytes(content: Content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _dist_name(name: str) -> str:
    return name.replace("-", "_").replace(".", "_").lower()


def sdist_filename(name: str, version: str) -> str:
    return f"{_dist_name(name)}-{version}.tar.gz"


def wheel_filename(name: str, version: str, tag: str = "py3-none-any") -> str:
    return f"{_dist_name(name)}-{version}-{tag}.whl"


def build_sdist(name: str, version: str, files: Mapping[str, Content], *,
                compression: str = "gz") -> bytes:
    """A `name-version/` tree with PKG-INFO and (unless in `files`) a setuptools pyproject."""
    top = f"{_dist_name(name)}-{version}"
    contents: dict[str, bytes] = {
        "PKG-INFO": _bytes(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"),
        "pyproject.toml": _bytes(
            '[build-system]\nrequires = ["setuptools>=61"]\n'
            'build-backend = "setuptools.build_meta"\n\n'
            f'[project]\nname = "{name}"\nversion = "{version}"\n'
        ),
    }
    contents.update({path: _bytes(c) for path, c in files.items()})
    return raw_tar([TarEntry(name=f"{top}/{path}", data=data) for path, data in
                    contents.items()], compression=compression)


def build_wheel(name: str, version: str, files: Mapping[str, Content], *,
                tag: str = "py3-none-any") -> bytes:
    """A wheel with dist-info METADATA, WHEEL, top_level.txt and a RECORD of every file."""
    dist_info = f"{_dist_name(name)}-{version}.dist-info"
    contents = {path: _bytes(c) for path, c in files.items()}
    tops = sorted({p.split("/", 1)[0].removesuffix(".py") for p in contents
                   if not p.split("/", 1)[0].endswith((".data", ".dist-info", ".pth"))})
    contents[f"{dist_info}/METADATA"] = _bytes(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    contents[f"{dist_info}/WHEEL"] = _bytes(
        f"Wheel-Version: 1.0\nGenerator: capdiff-tests\nRoot-Is-Purelib: true\nTag: {tag}\n")
    contents[f"{dist_info}/top_level.txt"] = _bytes("".join(f"{t}\n" for t in tops))
    record = []
    for path, data in contents.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}\n")
    record.append(f"{dist_info}/RECORD,,\n")
    contents[f"{dist_info}/RECORD"] = _bytes("".join(record))
    return raw_zip(contents)


@dataclass(frozen=True, slots=True, kw_only=True)
class TarEntry:
    name: str
    data: bytes = b""
    type: bytes = tarfile.REGTYPE  # SYMTYPE, LNKTYPE, CHRTYPE, FIFOTYPE, DIRTYPE, ...
    linkname: str = ""


def raw_tar(entries: Sequence[TarEntry], *, compression: str = "gz") -> bytes:
    """A tar (compression "gz", "bz2", "xz" or "") with exactly these members, in order."""
    buffer = io.BytesIO()
    mode = f"w:{compression}" if compression else "w"
    with tarfile.open(fileobj=buffer, mode=mode, format=tarfile.PAX_FORMAT) as archive:
        for entry in entries:
            info = tarfile.TarInfo(entry.name)
            info.type = entry.type
            info.linkname = entry.linkname
            info.mtime = _EPOCH
            info.mode = 0o644
            info.size = len(entry.data) if entry.type == tarfile.REGTYPE else 0
            archive.addfile(info, io.BytesIO(entry.data) if info.size else None)
    return buffer.getvalue()


def raw_zip(files: Mapping[str, Content] | Sequence[tuple[str, Content]], *,
            compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with these members in order (a sequence allows duplicate names)."""
    items = list(files.items()) if isinstance(files, Mapping) else list(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for path, content in items:
            info = zipfile.ZipInfo(path, date_time=_ZIP_DATE)
            info.compress_type = compression
            info.external_attr = 0o100644 << 16
            with warnings.catch_warnings():  # duplicate names are the point of some tests
                warnings.simplefilter("ignore", UserWarning)
                archive.writestr(info, _bytes(content))
    return buffer.getvalue()
