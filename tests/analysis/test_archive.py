"""bot.archive: ordinary sdists and wheels, and hostile archives that must not hurt us."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import struct
import tarfile
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.archive import (
    ArchiveFormat,
    ArchiveLimits,
    SkippedMember,
    detect_format,
    open_archive,
)
from bot.errors import ArchiveError
from tests.analysis.builders import (
    TarEntry,
    build_sdist,
    build_wheel,
    raw_tar,
    raw_zip,
    sdist_filename,
    wheel_filename,
)


def paths(archive_members: object) -> list[str]:
    return [m.path for m in archive_members]  # type: ignore[attr-defined]


def test_sdist_top_level_directory_is_stripped() -> None:
    data = build_sdist("requests", "2.32.3", {"src/requests/__init__.py": "x = 1\n"})
    result = open_archive(data, sdist_filename("requests", "2.32.3"))
    assert result.format is ArchiveFormat.TAR
    assert paths(result.members) == ["PKG-INFO", "pyproject.toml", "src/requests/__init__.py"]
    member = result.members[2]
    assert (member.data, member.size, member.head) == (b"x = 1\n", 6, b"x = 1\n")
    assert result.skipped == result.incomplete_reasons == result.warnings == ()


@pytest.mark.parametrize("compression", ["gz", "bz2", "xz", ""])
def test_every_tar_compression_is_read(compression: str) -> None:
    data = build_sdist("demo", "1.0", {"demo.py": "pass\n"}, compression=compression)
    result = open_archive(data, "demo-1.0.tar")
    assert paths(result.members) == ["PKG-INFO", "pyproject.toml", "demo.py"]


def test_wheel_paths_are_kept_whole() -> None:
    data = build_wheel("demo", "1.0", {"demo/__init__.py": "", "demo/core.py": "pass\n"})
    result = open_archive(data, wheel_filename("demo", "1.0"))
    assert result.format is ArchiveFormat.ZIP
    assert paths(result.members) == [
        "demo/__init__.py", "demo/core.py", "demo-1.0.dist-info/METADATA",
        "demo-1.0.dist-info/WHEEL", "demo-1.0.dist-info/top_level.txt",
        "demo-1.0.dist-info/RECORD",
    ]


def test_unselected_members_keep_size_and_head_only() -> None:
    blob = b"\x7fELF" + bytes(200)
    data = raw_zip({"pkg/a.py": "print(1)\n", "pkg/_x.so": blob})
    result = open_archive(data, "x.whl", select=lambda p: p.endswith(".py"))
    so = result.members[1]
    assert (so.path, so.size, so.data, so.head) == ("pkg/_x.so", 204, None, blob[:64])
    assert result.members[0].data == b"print(1)\n"


def test_selected_member_over_the_file_limit_is_listed_unread() -> None:
    data = raw_zip({"pkg/big.py": "#" * 5000})
    result = open_archive(data, "x.whl", ArchiveLimits(max_file_bytes=1000))
    member = result.members[0]
    assert (member.data, member.size, member.unread_reason) == (
        None, 5000, "larger than the 1000 byte file limit")
    assert member.head == b"#" * 64


def test_tar_member_over_the_file_limit_is_listed_unread() -> None:
    data = build_sdist("demo", "1.0", {"big.py": "#" * 5000})
    result = open_archive(data, "demo-1.0.tar.gz", ArchiveLimits(max_file_bytes=1000))
    assert result.members[2].unread_reason == "larger than the 1000 byte file limit"
    assert result.members[2].data is None


# -- bombs -------------------------------------------------------------------------------


def test_zip_bomb_high_ratio_is_skipped() -> None:
    data = raw_zip({"pkg/bomb.py": bytes(10 * 1024 * 1024), "pkg/ok.py": "x = 1\n"})
    result = open_archive(data, "bomb.whl")
    assert paths(result.members) == ["pkg/ok.py"]
    assert result.skipped == (
        SkippedMember(path="pkg/bomb.py", reason="compression ratio above 100"),)


def _patch_zip_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the declared uncompressed size of `name` in local and central headers."""
    buf = bytearray(data)
    local = buf.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", buf, local + 26)[0]
        if bytes(buf[local + 30: local + 30 + name_len]) == name:
            struct.pack_into("<I", buf, local + 22, size)
        local = buf.find(b"PK\x03\x04", local + 4)
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46: central + 46 + name_len]) == name:
            struct.pack_into("<I", buf, central + 24, size)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def test_zip_member_whose_header_understates_its_size_is_skipped() -> None:
    data = _patch_zip_sizes(raw_zip({"pkg/liar.py": b"A" * 3_000_000}), b"pkg/liar.py", 100)
    result = open_archive(data, "liar.whl")
    assert result.members == ()
    assert len(result.skipped) == 1
    assert result.skipped[0].path == "pkg/liar.py"
    assert result.skipped[0].reason == "decompresses beyond its declared size 100"


def test_zip_member_whose_header_overstates_its_size_is_read_as_it_is() -> None:
    data = _patch_zip_sizes(raw_zip({"pkg/liar.py": b"x = 1\n"}), b"pkg/liar.py", 10_000)
    result = open_archive(data, "liar.whl")
    assert [(m.path, m.size, m.data) for m in result.members] == [
        ("pkg/liar.py", 6, b"x = 1\n")]
    assert result.warnings == ("pkg/liar.py: declared size 10000, read 6 bytes",)


def test_tar_bomb_stops_reading_with_a_reason() -> None:
    data = raw_tar([TarEntry(name="demo-1.0/setup.py", data=b"pass\n"),
                    TarEntry(name="demo-1.0/zeros.bin", data=bytes(30 * 1024 * 1024))])
    assert len(data) < 100_000
    result = open_archive(data, "demo-1.0.tar.gz")
    assert paths(result.members) == ["setup.py"]
    assert len(result.incomplete_reasons) == 1
    assert result.incomplete_reasons[0].startswith("decompressed archive exceeds ")
    assert result.incomplete_reasons[0].endswith(
        " bytes (compression ratio or total size limit) at 'demo-1.0/zeros.bin'")


def test_total_kept_bytes_are_capped() -> None:
    data = raw_zip({f"pkg/m{i}.py": os.urandom(600).hex() for i in range(4)})
    result = open_archive(data, "x.whl", ArchiveLimits(max_kept_bytes=2500))
    assert [m.data is not None for m in result.members] == [True, True, False, False]
    assert result.members[2].unread_reason == "the 2500 byte total limit was reached"


def test_too_many_members_stops_at_the_limit() -> None:
    data = raw_zip([(f"pkg/f{i}.txt", b"") for i in range(60_000)],
                   compression=zipfile.ZIP_STORED)
    result = open_archive(data, "many.whl", select=lambda p: False)
    assert len(result.members) == 50_000
    assert result.incomplete_reasons == ("more than 50000 members; the rest was not read",)


def test_tar_entry_count_includes_directories() -> None:
    entries = [TarEntry(name=f"demo/d{i}", type=tarfile.DIRTYPE) for i in range(150)]
    data = raw_tar([*entries, TarEntry(name="demo/setup.py", data=b"pass")])
    result = open_archive(data, "demo.tar.gz", ArchiveLimits(max_members=100))
    assert result.members == ()
    assert result.incomplete_reasons == ("more than 100 members; the rest was not read",)


# -- unsafe paths and special members --------------------------------------------------

TRAVERSAL = [
    ("../../etc/passwd", "path traversal (..)"),
    ("/etc/x", "absolute path"),
    ("C:\\x", "backslash in path"),
    ("C:/x", "absolute path (drive letter)"),
    ("a/../../b", "path traversal (..)"),
    ("pkg\\evil.py", "backslash in path"),
]


def test_unsafe_zip_paths_are_skipped_with_reasons() -> None:
    data = raw_zip([*((name, b"boom") for name, _ in TRAVERSAL), ("pkg/ok.py", b"ok")])
    result = open_archive(data, "evil.whl")
    assert paths(result.members) == ["pkg/ok.py"]
    assert result.skipped == tuple(SkippedMember(path=n, reason=r) for n, r in TRAVERSAL)


def test_unsafe_tar_paths_are_skipped_with_reasons() -> None:
    entries = [TarEntry(name=name, data=b"boom") for name, _ in TRAVERSAL]
    data = raw_tar([*entries, TarEntry(name="demo-1.0/ok.py", data=b"ok")])
    result = open_archive(data, "demo-1.0.tar.gz")
    assert paths(result.members) == ["ok.py"]
    assert result.skipped == tuple(SkippedMember(path=n, reason=r) for n, r in TRAVERSAL)


def test_tar_links_are_never_followed_nor_written_through() -> None:
    data = raw_tar([
        TarEntry(name="demo-1.0/pkg/link", type=tarfile.SYMTYPE, linkname="/etc"),
        TarEntry(name="demo-1.0/pkg/link/passwd", data=b"root:x:0:0"),
        TarEntry(name="demo-1.0/pkg/hard", type=tarfile.LNKTYPE, linkname="/etc/shadow"),
        TarEntry(name="demo-1.0/pkg/ok.py", data=b"ok"),
        TarEntry(name="demo-1.0/setup.py", data=b"pass"),
    ])
    result = open_archive(data, "demo-1.0.tar.gz")
    assert paths(result.members) == ["pkg/ok.py", "setup.py"]
    assert result.skipped == (
        SkippedMember(path="demo-1.0/pkg/link", reason="symbolic link to /etc", is_link=True),
        SkippedMember(path="demo-1.0/pkg/link/passwd",
                      reason="path goes through link member demo-1.0/pkg/link"),
        SkippedMember(path="demo-1.0/pkg/hard", reason="hard link to /etc/shadow",
                      is_link=True),
    )


def test_tar_devices_and_fifos_are_skipped() -> None:
    data = raw_tar([
        TarEntry(name="demo-1.0/dev/sda", type=tarfile.BLKTYPE),
        TarEntry(name="demo-1.0/dev/tty", type=tarfile.CHRTYPE),
        TarEntry(name="demo-1.0/pipe", type=tarfile.FIFOTYPE),
        TarEntry(name="demo-1.0/setup.py", data=b"pass"),
    ])
    result = open_archive(data, "demo-1.0.tar.gz")
    assert paths(result.members) == ["setup.py"]
    reason = "device, fifo or other special member"
    assert result.skipped == (
        SkippedMember(path="demo-1.0/dev/sda", reason=reason),
        SkippedMember(path="demo-1.0/dev/tty", reason=reason),
        SkippedMember(path="demo-1.0/pipe", reason=reason),
    )


def _zip_with_modes(entries: list[tuple[str, int, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, mode, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = mode << 16
            with warnings.catch_warnings():  # duplicate names are intended
                warnings.simplefilter("ignore", UserWarning)
                archive.writestr(info, data)
    return buffer.getvalue()


def test_zip_symlinks_devices_and_writes_through_links_are_skipped() -> None:
    data = _zip_with_modes([
        ("pkg/link", stat.S_IFLNK | 0o777, b"/etc"),
        ("pkg/link/passwd", stat.S_IFREG | 0o644, b"root"),
        ("pkg/fifo", stat.S_IFIFO | 0o644, b""),
        ("pkg/dev", stat.S_IFCHR | 0o644, b""),
        ("pkg/ok.py", stat.S_IFREG | 0o644, b"ok"),
    ])
    result = open_archive(data, "x.whl")
    assert paths(result.members) == ["pkg/ok.py"]
    assert result.skipped == (
        SkippedMember(path="pkg/link", reason="symbolic link", is_link=True),
        SkippedMember(path="pkg/link/passwd", reason="path goes through link member pkg/link"),
        SkippedMember(path="pkg/fifo", reason="device, fifo or socket"),
        SkippedMember(path="pkg/dev", reason="device, fifo or socket"),
    )


DEEP = "a/" * 10_000 + "x.py"


def test_ten_thousand_deep_paths_are_skipped() -> None:
    for data, name in ((raw_zip({DEEP: b"x"}), "deep.whl"),
                       (raw_tar([TarEntry(name=DEEP, data=b"x")]), "deep.tar.gz")):
        result = open_archive(data, name)
        assert result.members == ()
        assert result.skipped == (
            SkippedMember(path=DEEP, reason="path too deep (10001 components, limit 64)"),)


def test_overlong_paths_are_skipped() -> None:
    name = "p/" + "x" * 2000 + ".py"
    result = open_archive(raw_zip({name: b"x"}), "long.whl")
    assert result.skipped == (
        SkippedMember(path=name, reason="path too long (2005 characters, limit 1024)"),)


def test_non_utf8_zip_names_are_decoded_with_replacement() -> None:
    data = raw_zip({"pkg/XX.py": b"a", "pkg/YY.py": b"b"})
    data = data.replace(b"pkg/XX.py", b"pkg/\xff\xfe.py")  # not UTF-8, no UTF-8 flag
    data = data.replace(b"pkg/YY.py", "pkg/é.py".encode()[:9])  # UTF-8, flag missing
    result = open_archive(data, "x.whl")
    assert paths(result.members) == ["pkg/\ufffd\ufffd.py", "pkg/é.py"]
    assert result.warnings == ("member name is not UTF-8: 'pkg/\ufffd\ufffd.py'",)


def test_non_utf8_tar_names_are_decoded_with_replacement() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT,
                      encoding="latin-1") as archive:
        info = tarfile.TarInfo("demo/\xff.py")
        info.size = 1
        archive.addfile(info, io.BytesIO(b"x"))
    result = open_archive(buffer.getvalue(), "demo.tar.gz")
    assert paths(result.members) == ["\ufffd.py"]
    assert result.warnings == ("member name is not UTF-8: 'demo/\ufffd.py'",)


def test_duplicate_members_are_all_kept_and_noted() -> None:
    result = open_archive(raw_zip([("pkg/a.py", b"1"), ("pkg/a.py", b"2")]), "x.whl")
    assert [m.data for m in result.members] == [b"1", b"2"]
    assert result.warnings == ("duplicate member pkg/a.py: the later one is kept too",)


# -- broken input ------------------------------------------------------------------------


def test_truncated_gzip_keeps_what_was_read() -> None:
    data = build_sdist("demo", "1.0", {"a.py": "x = 1\n", "noise.bin": os.urandom(200_000)})
    result = open_archive(data[: len(data) // 2], "demo-1.0.tar.gz")
    assert paths(result.members) == ["PKG-INFO", "pyproject.toml", "a.py"]
    assert len(result.incomplete_reasons) == 1
    assert result.incomplete_reasons[0].startswith(
        "archive truncated or corrupt at 'demo-1.0/noise.bin': ")


def test_corrupt_gzip_header_raises() -> None:
    with pytest.raises(ArchiveError, match=r"^demo\.tar\.gz: unreadable tar: "):
        open_archive(b"\x1f\x8b" + b"garbage" * 20, "demo.tar.gz")


def test_truncated_zip_raises() -> None:
    data = raw_zip({"pkg/a.py": b"a" * 1000})
    with pytest.raises(ArchiveError, match=r"^x\.whl: unreadable zip: "):
        open_archive(data[:-30], "x.whl")


def test_empty_file_raises() -> None:
    with pytest.raises(ArchiveError, match=r"^demo\.tar\.gz: empty file$"):
        open_archive(b"", "demo.tar.gz")


def test_not_an_archive_raises() -> None:
    with pytest.raises(ArchiveError, match=r"^demo\.whl: not a zip or tar archive$"):
        open_archive(b"<html>Not Found</html>", "demo.whl")


def test_wheel_that_is_really_a_tar_is_read_by_content() -> None:
    data = raw_tar([TarEntry(name="pkg/__init__.py", data=b"x")])
    result = open_archive(data, "demo-1.0-py3-none-any.whl")
    assert result.format is ArchiveFormat.TAR
    assert paths(result.members) == ["pkg/__init__.py"]
    assert result.warnings == (
        "demo-1.0-py3-none-any.whl: named like a zip archive but is a tar",)


def test_tar_gz_that_is_really_a_zip_is_read_by_content() -> None:
    data = raw_zip({"demo-1.0/setup.py": b"pass", "demo-1.0/PKG-INFO": b"Name: demo"})
    result = open_archive(data, "demo-1.0.tar.gz")
    assert paths(result.members) == ["setup.py", "PKG-INFO"]
    assert result.warnings == ("demo-1.0.tar.gz: named like a tar archive but is a zip",)


def test_empty_zip_has_no_members() -> None:
    assert open_archive(raw_zip({}), "x.whl").members == ()


def test_detect_format() -> None:
    assert detect_format(raw_zip({})) is ArchiveFormat.ZIP
    assert detect_format(raw_tar([TarEntry(name="a")], compression="")) is ArchiveFormat.TAR
    assert detect_format(b"hello") is None


def test_zip_member_with_a_bad_crc_is_skipped() -> None:
    data = raw_zip({"pkg/a.py": b"print('hello')\n", "pkg/b.py": b"ok"},
                   compression=zipfile.ZIP_STORED)
    data = data.replace(b"print('hello')", b"print('HELLO')", 1)
    result = open_archive(data, "x.whl")
    assert paths(result.members) == ["pkg/b.py"]
    assert result.skipped == (
        SkippedMember(path="pkg/a.py", reason="unreadable: Bad CRC-32 for file 'pkg/a.py'"),)


def test_bzip2_zip_members_are_read_through_zipfile() -> None:
    data = raw_zip({"pkg/a.py": b"x = 1\n" * 100}, compression=zipfile.ZIP_BZIP2)
    assert open_archive(data, "x.whl").members[0].data == b"x = 1\n" * 100


# -- fuzzing: damaged archives end in ArchiveError or an incomplete result, never a crash ---

# Raise for a longer local run: CAPDIFF_FUZZ_EXAMPLES=10000 pytest -k never_crash
FUZZ_EXAMPLES = int(os.environ.get("CAPDIFF_FUZZ_EXAMPLES", "150"))

_SAMPLES = {
    "demo-1.0.tar.gz": build_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\n" * 50,
                                                   "setup.py": "pass\n"}),
    "demo-1.0.tar": build_sdist("demo", "1.0", {"demo/__init__.py": "x\n"}, compression=""),
    "demo-1.0-py3-none-any.whl": build_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\n" * 50,
                                                             "demo/b.py": b"\x00" * 300}),
}


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(_SAMPLES)), st.lists(st.tuples(st.integers(0, 10**6),
                                                            st.integers(0, 255)), max_size=8),
       st.integers(0, 10**6))
def test_damaged_archives_never_crash(name: str, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(_SAMPLES[name])
    for position, value in flips:
        data[position % len(data)] = value
    damaged = bytes(data[: max(1, cut % (len(data) + 1))])
    try:
        result = open_archive(damaged, name)
    except ArchiveError:
        return
    assert all(m.data is None or len(m.data) == m.size for m in result.members)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06", b"\x1f\x8b\x08", b"BZh9",
                        b"\xfd7zXZ\x00"]), st.binary(max_size=2000))
def test_random_bytes_never_crash(magic: bytes, data: bytes) -> None:
    for name in ("x.whl", "x.tar.gz"):
        with contextlib.suppress(ArchiveError):
            open_archive(magic + data, name)


def test_many_links_and_duplicates_stay_cheap_and_bounded() -> None:
    entries = [(f"pkg/l{i}", stat.S_IFLNK | 0o777, b"/etc") for i in range(2000)]
    entries += [(f"pkg/l{i}/x", stat.S_IFREG | 0o644, b"x") for i in range(2000)]
    entries += [("pkg/dup.py", stat.S_IFREG | 0o644, b"x") for _ in range(300)]
    result = open_archive(_zip_with_modes(entries), "x.whl")
    assert len(result.skipped) == 4000
    assert result.skipped[-1] == SkippedMember(path="pkg/l1999/x",
                                               reason="path goes through link member pkg/l1999")
    assert len(result.members) == 300
    assert len(result.warnings) == 101
    assert result.warnings[-1] == "more warnings were left out"


def test_empty_member_name_is_skipped() -> None:
    result = open_archive(raw_zip({"": b"x", "pkg/a.py": b"a"}), "x.whl")
    assert paths(result.members) == ["pkg/a.py"]
    assert result.skipped == (SkippedMember(path="", reason="empty path"),)
