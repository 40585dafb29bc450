"""Read sdists and wheels in memory, defensively.

Nothing from an archive is ever written to disk, executed, imported or built. Every member
path is normalized and checked; links, devices and unsafe paths are reported as
`SkippedMember`s and never followed.

Memory stays bounded because only the members the caller *selects* (by path, before any
decompression) have their bytes kept; every other member keeps its size and its first
`HEAD_BYTES` bytes (enough to recognise ELF/PE/Mach-O magic). Zip members are decompressed one
at a time, on demand; a tar is read in one sequential pass. Reads are chunked and capped, so a
header that lies about a member's size cannot make us decompress more than the limits allow:

- `max_file_bytes`: a selected member larger than this is listed (`data is None`,
  `unread_reason` set) but not kept; with a `stream` sink its bytes are passed through the
  sink in chunks instead (a bounded scan), at most `max_stream_bytes` per archive.
- `max_kept_bytes`: the selected members' bytes held at once; members past it are listed
  unread. This, not the archive size, bounds our memory.
- `max_total_bytes`: a tar's decompressed stream (which must be decompressed to be walked)
  is capped, and so is its ratio to the compressed size; beyond it the archive is
  `incomplete`.
- `max_ratio`: a member over `ratio_min_bytes` that decompresses more than `max_ratio` times
  its compressed size is a bomb; it is skipped.
- `max_members`, `max_path_depth`, `max_path_length`: what the names may look like.

`open_archive` raises `ArchiveError` only when nothing at all can be read (empty input, not an
archive, a corrupt header); damage after the first member is reported in
`UnpackedArchive.incomplete_reasons` and everything read before it is kept.
"""

from __future__ import annotations

import bz2
import enum
import gzip
import io
import lzma
import re
import stat
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from bot.errors import ArchiveError

__all__ = [
    "DEFAULT_LIMITS",
    "HEAD_BYTES",
    "ArchiveFormat",
    "ArchiveLimits",
    "Member",
    "MemberSelector",
    "SkippedMember",
    "StreamSink",
    "UnpackedArchive",
    "detect_format",
    "open_archive",
]

HEAD_BYTES = 64
_CHUNK = 256 * 1024
_MAX_WARNINGS = 100
_MIB = 1024 * 1024

# Decides from a member's normalized path (the sdist's top-level directory not yet stripped)
# whether its bytes are kept. Unselected members are listed with their size and head only.
MemberSelector = Callable[[str], bool]
# Receives a selected member too large to keep (its path as `MemberSelector` saw it) and an
# iterator over its decompressed bytes in chunks; it must consume them before returning.
StreamSink = Callable[[str, Iterator[bytes]], None]


@enum.unique
class ArchiveFormat(enum.StrEnum):
    ZIP = "zip"
    TAR = "tar"  # plain, gzip, bzip2 or xz


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveLimits:
    max_members: int = 50_000
    max_file_bytes: int = 20 * _MIB
    # Selected members' bytes held in memory at once (the RSS that matters).
    max_kept_bytes: int = 128 * _MIB
    # A tar's whole decompressed stream, walked but not kept.
    max_total_bytes: int = 1024 * _MIB
    max_ratio: float = 100.0
    # The ratio check applies to members that decompress to more than this.
    ratio_min_bytes: int = 1 * _MIB
    max_path_depth: int = 64
    max_path_length: int = 1024
    # Bytes of too-large members streamed through a `StreamSink`, per archive.
    max_stream_bytes: int = 256 * _MIB


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """A regular file of the archive."""

    path: str  # normalized POSIX path; an sdist's single top-level directory is stripped
    size: int  # decompressed size (as read, or as declared when not read)
    head: bytes  # the first HEAD_BYTES bytes, when they could be read
    data: bytes | None  # None when not selected or not readable (see unread_reason)
    unread_reason: str | None = None  # why a selected member's bytes are missing


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedMember:
    path: str  # the name as the archive spells it (decoded), not normalized
    reason: str
    # Links are common and harmless to skip (we read their targets where they are); any
    # other skip means content we did not analyze.
    is_link: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class UnpackedArchive:
    format: ArchiveFormat
    members: tuple[Member, ...]
    skipped: tuple[SkippedMember, ...] = ()
    # Set when part of the archive could not be read: the analysis of it is incomplete.
    incomplete_reasons: tuple[str, ...] = ()
    # Oddities that did not stop reading (undecodable names, duplicate members, ...).
    warnings: tuple[str, ...] = ()


DEFAULT_LIMITS = ArchiveLimits()


def detect_format(data: bytes) -> ArchiveFormat | None:
    """The archive format by content magic; the file name is not trusted."""
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return ArchiveFormat.ZIP
    if data.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return ArchiveFormat.TAR
    if len(data) >= 262 and data[257:262] == b"ustar":
        return ArchiveFormat.TAR
    return None


def open_archive(
    data: bytes,
    filename: str,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    *,
    select: MemberSelector | None = None,
    stream: StreamSink | None = None,
) -> UnpackedArchive:
    """Read `data` (named `filename`) into an `UnpackedArchive`; `select=None` keeps every file.

    Selected members over the size limits are streamed through `stream` when it is given.
    Raises `ArchiveError` when nothing can be read at all.
    """
    if not data:
        raise ArchiveError(f"{filename}: empty file")
    fmt = detect_format(data)
    if fmt is None:
        raise ArchiveError(f"{filename}: not a zip or tar archive")
    reader = _Reader(filename, limits, select or _select_all, stream)
    if fmt is ArchiveFormat.ZIP:
        reader.read_zip(data)
    else:
        reader.read_tar(data)
    expected = _format_from_name(filename)
    if expected is not None and expected is not fmt:
        reader.warnings.append(f"{filename}: named like a {expected} archive but is a {fmt}")
    strip = not filename.lower().endswith((".whl", ".egg"))
    return UnpackedArchive(
        format=fmt,
        members=tuple(_strip_top_level(reader.members) if strip else reader.members),
        skipped=tuple(reader.skipped),
        incomplete_reasons=tuple(reader.incomplete),
        warnings=tuple(reader.warnings),
    )


def _select_all(path: str) -> bool:
    return True


def _format_from_name(filename: str) -> ArchiveFormat | None:
    lower = filename.lower()
    if lower.endswith((".zip", ".whl", ".egg")):
        return ArchiveFormat.ZIP
    if lower.endswith((".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar")):
        return ArchiveFormat.TAR
    return None


def _strip_top_level(members: list[Member]) -> list[Member]:
    """Drop the `name-version/` directory every sdist member lives under."""
    if not members:
        return members
    tops = {m.path.split("/", 1)[0] for m in members}
    if len(tops) != 1 or any("/" not in m.path for m in members):
        return members
    cut = len(tops.pop()) + 1
    return [
        Member(path=m.path[cut:], size=m.size, head=m.head, data=m.data,
               unread_reason=m.unread_reason)
        for m in members
    ]


_DRIVE = re.compile(r"^[A-Za-z]:")


def _check_path(name: str, limits: ArchiveLimits) -> tuple[str | None, str | None]:
    """(normalized path, None) for a safe name, else (None, reason)."""
    if "\x00" in name:
        return None, "NUL character in path"
    if "\\" in name:
        return None, "backslash in path"
    if _DRIVE.match(name):
        return None, "absolute path (drive letter)"
    if name.startswith("/"):
        return None, "absolute path"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None, "path traversal (..)"
    if not parts:
        return None, "empty path"
    if len(parts) > limits.max_path_depth:
        return None, f"path too deep ({len(parts)} components, limit {limits.max_path_depth})"
    path = "/".join(parts)
    if len(path) > limits.max_path_length:
        return None, f"path too long ({len(path)} characters, limit {limits.max_path_length})"
    return path, None


def _decompressed(data: bytes) -> io.BufferedIOBase:
    raw = io.BytesIO(data)
    if data.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if data.startswith(b"BZh"):
        return bz2.BZ2File(raw, mode="rb")
    if data.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(raw, mode="rb")
    return raw


# What the standard library raises on damaged input (found by fuzzing, see the tests):
# tarfile's gzip header parser even fails with TypeError on a truncated header.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError,
               NotImplementedError, RuntimeError, ValueError, struct.error, lzma.LZMAError)
_TAR_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError, ValueError, TypeError,
               lzma.LZMAError)


def _is_bomb(size: int, compressed: int, limits: ArchiveLimits) -> bool:
    return size > limits.ratio_min_bytes and size > limits.max_ratio * max(compressed, 1)


class _Reader:
    """Accumulates members, skips and reasons while one archive is read."""

    def __init__(self, filename: str, limits: ArchiveLimits, select: MemberSelector,
                 stream: StreamSink | None = None) -> None:
        self.filename = filename
        self.limits = limits
        self.select = select
        self.stream = stream
        self.streamed_bytes = 0
        self.members: list[Member] = []
        self.skipped: list[SkippedMember] = []
        self.incomplete: list[str] = []
        self.warnings: list[str] = []
        self.kept_bytes = 0
        self.seen: set[str] = set()
        self.link_paths: set[str] = set()
        self.zip_data = b""

    # -- shared --------------------------------------------------------------------------

    def _admit(self, name: str) -> str | None:
        """The normalized path if the member may be read, else None (and the skip recorded)."""
        path, reason = _check_path(name, self.limits)
        if path is None:
            self.skipped.append(SkippedMember(path=name, reason=reason or "unsafe path"))
            return None
        parts = path.split("/")
        for depth in range(1, len(parts)):
            link = "/".join(parts[:depth])
            if link in self.link_paths:
                self.skipped.append(
                    SkippedMember(path=name, reason=f"path goes through link member {link}")
                )
                return None
        if path in self.seen:
            self._warn(f"duplicate member {path}: the later one is kept too")
        self.seen.add(path)
        return path

    def _skip_link(self, name: str, reason: str) -> None:
        self.skipped.append(SkippedMember(path=name, reason=reason, is_link=True))
        path, _ = _check_path(name, self.limits)
        if path is not None:
            self.link_paths.add(path)

    def _warn(self, message: str) -> None:
        if len(self.warnings) < _MAX_WARNINGS:
            self.warnings.append(message)
        elif len(self.warnings) == _MAX_WARNINGS:
            self.warnings.append("more warnings were left out")

    def _too_many(self, entries: int) -> bool:
        """Counting every entry (directories too) bounds the work a huge index can cause."""
        if entries > self.limits.max_members:
            self.incomplete.append(
                f"more than {self.limits.max_members} members; the rest was not read"
            )
            return True
        return False

    def _read_capped(self, stream: IO[bytes], cap: int) -> bytes:
        """At most cap + 1 bytes, in chunks: exceeding cap is how a too-large member shows."""
        chunks: list[bytes] = []
        total = 0
        while total <= cap:
            chunk = stream.read(min(_CHUNK, cap + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)

    def _stream_through(self, path: str, source: IO[bytes]) -> bytes:
        """Pass a too-large member's bytes to the sink in chunks; its first HEAD_BYTES back.

        Memory is one chunk; the archive-wide `max_stream_bytes` bounds the time.
        """
        head = b""
        left = self.limits.max_stream_bytes - self.streamed_bytes
        if self.stream is None or left <= 0:
            if self.stream is not None:
                self.incomplete.append(f"{path}: not scanned (the {self.limits.max_stream_bytes}"
                                       " byte scan limit was reached)")
            return source.read(HEAD_BYTES)
        cut = False

        def chunks() -> Iterator[bytes]:
            nonlocal head, cut
            sent = 0
            while True:
                chunk = source.read(min(_CHUNK, left - sent + 1))
                if not chunk:
                    return
                if sent + len(chunk) > left:
                    chunk = chunk[: left - sent]
                    cut = True
                if not head:
                    head = chunk[:HEAD_BYTES]
                sent += len(chunk)
                self.streamed_bytes += len(chunk)
                yield chunk
                if cut:
                    return

        self.stream(path, chunks())
        if cut:
            self.incomplete.append(f"{path}: scanned only its first {left} bytes (the "
                                   f"{self.limits.max_stream_bytes} byte scan limit)")
        return head

    def _budget(self, size: int) -> tuple[int, str | None]:
        """The read cap for a selected member, and why it is not read when it is over it."""
        if size > self.limits.max_file_bytes:
            return self.limits.max_file_bytes, (
                f"larger than the {self.limits.max_file_bytes} byte file limit")
        left = self.limits.max_kept_bytes - self.kept_bytes
        if size > left:
            return left, f"the {self.limits.max_kept_bytes} byte total limit was reached"
        return min(self.limits.max_file_bytes, left), None

    # -- zip -----------------------------------------------------------------------------

    def read_zip(self, data: bytes) -> None:
        self.zip_data = data
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as e:
            raise ArchiveError(f"{self.filename}: unreadable zip: {e}") from e
        with archive:
            infos = archive.infolist()
            if not infos:
                return
            for entries, info in enumerate(infos, start=1):
                if self._too_many(entries):
                    break
                self._zip_member(archive, info)

    def _zip_name(self, info: zipfile.ZipInfo) -> str:
        name = info.filename
        if info.flag_bits & 0x800 or name.isascii():
            return name
        # Without the UTF-8 flag zipfile decoded cp437; most tools really wrote UTF-8.
        raw = info.orig_filename.encode("cp437", errors="replace")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            decoded = raw.decode("utf-8", errors="replace")
            self._warn(f"member name is not UTF-8: {decoded!r}")
            return decoded

    def _zip_member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        name = self._zip_name(info)
        mode = info.external_attr >> 16
        if info.filename.endswith("/") or (mode and stat.S_ISDIR(mode)):
            return
        if mode and stat.S_ISLNK(mode):
            self._skip_link(name, "symbolic link")
            return
        if mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
            self.skipped.append(SkippedMember(path=name, reason="device, fifo or socket"))
            return
        path = self._admit(name)
        if path is None:
            return
        if info.flag_bits & 0x1:
            self.skipped.append(SkippedMember(path=name, reason="encrypted member"))
            return
        declared = info.file_size
        selected = self.select(path)
        if not selected:
            self.members.append(Member(path=path, size=declared, head=self._zip_head(info),
                                       data=None))
            return
        cap, too_big = self._budget(declared)
        if too_big:
            if self.stream is not None:
                try:
                    with archive.open(info) as source:
                        self._stream_through(path, source)
                except _ZIP_ERRORS as e:
                    self._warn(f"{path}: stream scan stopped: {e}")
            self.members.append(Member(path=path, size=declared, head=self._zip_head(info),
                                       data=None, unread_reason=too_big))
            return
        # Never trust the declared size: read at most one byte past it (and past the cap).
        limit = min(cap, declared)
        try:
            raw = self._zip_read_direct(info, limit + 1)
            if raw is None:
                with archive.open(info) as stream:
                    raw = self._read_capped(stream, limit)
        except _ZIP_ERRORS as e:
            self.skipped.append(SkippedMember(path=name, reason=f"unreadable: {e}"))
            return
        if len(raw) > limit:
            self.skipped.append(SkippedMember(
                path=name, reason=f"decompresses beyond its declared size {declared}"))
            return
        if _is_bomb(len(raw), info.compress_size, self.limits):
            self.skipped.append(SkippedMember(
                path=name, reason=f"compression ratio above {self.limits.max_ratio:g}"))
            return
        if len(raw) != declared:
            self._warn(f"{path}: declared size {declared}, read {len(raw)} bytes")
        self.kept_bytes += len(raw)
        self.members.append(Member(path=path, size=len(raw), head=raw[:HEAD_BYTES], data=raw))

    def _zip_data_start(self, info: zipfile.ZipInfo) -> int:
        offset = info.header_offset
        if self.zip_data[offset:offset + 4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
        name_len, extra_len = struct.unpack_from("<HH", self.zip_data, offset + 26)
        return offset + 30 + int(name_len) + int(extra_len)

    def _zip_read_direct(self, info: zipfile.ZipInfo, max_bytes: int) -> bytes | None:
        """Stored/deflated members straight from the buffer, at most `max_bytes`, CRC
        checked; None for other compressions (zipfile reads those). Faster than
        zipfile.open, which matters with thousands of small .py files."""
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return None
        start = self._zip_data_start(info)
        raw = self.zip_data[start:start + info.compress_size]
        if len(raw) < info.compress_size:
            raise zipfile.BadZipFile(f"truncated member {info.filename!r}")
        if info.compress_type == zipfile.ZIP_STORED:
            out = raw[:max_bytes]
        else:
            inflater = zlib.decompressobj(-15)
            out = inflater.decompress(raw, max_bytes)
            if len(out) < max_bytes and not inflater.eof:
                raise zipfile.BadZipFile(f"truncated deflate stream in {info.filename!r}")
        if len(out) < max_bytes and zlib.crc32(out) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
        return out

    def _zip_head(self, info: zipfile.ZipInfo) -> bytes:
        """The first HEAD_BYTES of a member, straight from the buffer: opening every member
        through zipfile costs ~40 µs each, too much for wheels with thousands of files."""
        try:
            start = self._zip_data_start(info)
        except zipfile.BadZipFile:
            return b""
        raw = self.zip_data[start:start + min(info.compress_size, 4096)]
        if info.compress_type == zipfile.ZIP_STORED:
            return bytes(raw[:HEAD_BYTES])
        if info.compress_type == zipfile.ZIP_DEFLATED:
            try:
                return zlib.decompressobj(-15).decompress(raw, HEAD_BYTES)
            except zlib.error:
                return b""
        return b""  # bzip2/lzma members are rare in wheels; no magic check for them

    # -- tar -----------------------------------------------------------------------------

    def read_tar(self, data: bytes) -> None:
        # One sequential pass. We decompress ourselves and give tarfile an uncompressed
        # stream: tarfile's own "r|gz" re-slices its whole decompressed buffer on every small
        # read, which is quadratic in the compression ratio (a cheap CPU bomb).
        try:
            archive = tarfile.open(fileobj=_decompressed(data), mode="r|")  # noqa: SIM115 (with below)
        except _TAR_ERRORS as e:
            raise ArchiveError(f"{self.filename}: unreadable tar: {e}") from e
        stream_limit = min(self.limits.max_total_bytes,
                           int(self.limits.max_ratio * len(data)) + self.limits.ratio_min_bytes)
        entries = 0
        with archive:
            iterator: Iterator[tarfile.TarInfo] = iter(archive)
            while True:
                try:
                    info = next(iterator)
                except StopIteration:
                    break
                except _TAR_ERRORS as e:
                    if entries == 0:
                        raise ArchiveError(f"{self.filename}: unreadable tar: {e}") from e
                    self.incomplete.append(f"archive truncated or corrupt after {entries} "
                                           f"members: {e}")
                    break
                entries += 1
                if self._too_many(entries):
                    break
                if info.offset_data + info.size > stream_limit:
                    self.incomplete.append(
                        f"decompressed archive exceeds {stream_limit} bytes "
                        f"(compression ratio or total size limit) at {info.name!r}")
                    # A payload padded past the ratio limit is still scanned (bounded).
                    try:
                        self._tar_scan_only(archive, info)
                    except _TAR_ERRORS as e:
                        self._warn(f"{info.name!r}: stream scan stopped: {e}")
                    break
                try:
                    self._tar_member(archive, info)
                except _TAR_ERRORS as e:
                    self.incomplete.append(f"archive truncated or corrupt at {info.name!r}: {e}")
                    break

    def _tar_scan_only(self, archive: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        """A selected regular member past the stream limit: through the sink only, listed
        unread (the stream budget, not the ratio limit, bounds the work)."""
        if self.stream is None or not info.isreg():
            return
        path = self._admit(self._tar_name(info))
        if path is None or not self.select(path):
            return
        source = archive.extractfile(info)
        if source is None:  # pragma: no cover (regular files always have a stream)
            return
        head = self._stream_through(path, source)
        self.members.append(Member(path=path, size=info.size, head=head, data=None,
                                   unread_reason="past the archive's decompression limit"))

    def _tar_name(self, info: tarfile.TarInfo) -> str:
        name = info.name
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            name = name.encode("utf-8", errors="surrogateescape").decode("utf-8", "replace")
            self._warn(f"member name is not UTF-8: {name!r}")
        return name

    def _tar_member(self, archive: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        name = self._tar_name(info)
        if info.isdir():
            return
        if info.issym():
            self._skip_link(name, f"symbolic link to {info.linkname}")
            return
        if info.islnk():
            self._skip_link(name, f"hard link to {info.linkname}")
            return
        if not info.isreg():
            self.skipped.append(SkippedMember(path=name, reason="device, fifo or other special "
                                                                "member"))
            return
        path = self._admit(name)
        if path is None:
            return
        selected = self.select(path)
        cap, too_big = self._budget(info.size) if selected else (HEAD_BYTES, None)
        stream = archive.extractfile(info)
        if stream is None:  # pragma: no cover (regular files always have a stream)
            return
        if too_big:
            head = self._stream_through(path, stream)
            self.members.append(Member(path=path, size=info.size, head=head, data=None,
                                       unread_reason=too_big))
            return
        raw = self._read_capped(stream, cap)
        if not selected:
            self.members.append(Member(path=path, size=info.size, head=raw[:HEAD_BYTES],
                                       data=None))
            return
        self.kept_bytes += len(raw)
        self.members.append(Member(path=path, size=len(raw), head=raw[:HEAD_BYTES], data=raw))
