from __future__ import annotations

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests import parse_manifest
from bot.manifests.requirements import parse
from bot.model import (
    Dependency,
    Location,
    Manifest,
    ManifestKind,
    ParseIssue,
    SourceKind,
    canonicalize_name,
)


def dep(name: str, line: int, path: str = "requirements.txt", **fields: object) -> Dependency:
    return Dependency(
        name=canonicalize_name(name), location=Location(path=path, line=line), **fields  # type: ignore[arg-type]
    )


def reader(files: dict[str, str]):  # type: ignore[no-untyped-def]
    return files.get


def test_pins_comments_markers_and_extras() -> None:
    text = (
        "# production pins\n"
        "\n"
        "Requests[socks,Security]==2.31.0  # pinned for CVE\n"
        "django>=4.2,<5 ; python_version >= '3.10'\n"
        "django==3.2.25 ; python_version < '3.10'\n"
        "numpy==1.26.*\n"
        "legacy===1.0-custom\n"
        "attrs===23.1.0\n"
    )
    assert parse(text, path="requirements.txt") == Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        dependencies=(
            dep("requests", 3, specifier=SpecifierSet("==2.31.0"), version=Version("2.31.0"),
                extras=frozenset({"socks", "security"})),
            dep("django", 4, specifier=SpecifierSet(">=4.2,<5"),
                marker=Marker("python_version >= '3.10'")),
            dep("django", 5, specifier=SpecifierSet("==3.2.25"), version=Version("3.2.25"),
                marker=Marker("python_version < '3.10'")),
            dep("numpy", 6, specifier=SpecifierSet("==1.26.*")),
            dep("legacy", 7, specifier=SpecifierSet("===1.0-custom")),
            dep("attrs", 8, specifier=SpecifierSet("===23.1.0"), version=Version("23.1.0")),
        ),
    )


def test_hashes_on_continuation_lines_keep_the_starting_line() -> None:
    text = (
        "--require-hashes\n"
        "certifi==2024.2.2 \\\n"
        "    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \\\n"
        "    --hash sha256:DC383C07B76109F368F6106EEE2B593B04A011EA4D55F652C6CA24A754D1CDD1\n"
        "idna==3.6 --hash=sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f\n"
    )
    manifest = parse(text, path="requirements.txt")
    assert manifest.errors == ()
    assert manifest.dependencies == (
        dep("certifi", 2, specifier=SpecifierSet("==2024.2.2"), version=Version("2024.2.2"),
            hashes=frozenset({
                "sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f",
                "sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1",
            })),
        dep("idna", 5, specifier=SpecifierSet("==3.6"), version=Version("3.6"),
            hashes=frozenset({
                "sha256:c05567e9c24a6b9faaa835c4821bad0590fbb9d5779e7caa6e1cc4978e7eb24f"
            })),
    )


def test_links_paths_and_editables() -> None:
    text = (
        "-e git+https://github.com/pallets/click.git@8.1.7#egg=click\n"
        "--editable ./libs/shared-utils\n"
        "-e .[dev]\n"
        "https://example.com/dl/simplejson-3.19.2-py3-none-any.whl\n"
        "https://example.com/dl/foo_bar-1.2.tar.gz#sha256=abc ; sys_platform == 'linux'\n"
        "./vendor/pkg\n"
        "../outside\n"
        "git+https://gitlab.com/org/repo.git#egg=repo-name&subdirectory=py\n"
        "httpx @ git+https://github.com/encode/httpx@0.27.0\n"
        "wheelpkg @ https://example.com/wheelpkg-1.0-py3-none-any.whl\n"
        "localpkg @ file:///srv/localpkg\n"
    )
    manifest = parse(text, path="app/requirements.txt")
    path = "app/requirements.txt"
    assert manifest.errors == ()
    assert manifest.dependencies == (
        dep("click", 1, path, source=SourceKind.VCS, editable=True,
            url="git+https://github.com/pallets/click.git@8.1.7#egg=click"),
        dep("shared-utils", 2, path, source=SourceKind.PATH, editable=True,
            url="./libs/shared-utils"),
        # line 3, `-e .[dev]`, is the project itself (pip reads `.` from the working
        # directory), not a dependency
        dep("simplejson", 4, path, source=SourceKind.URL, version=Version("3.19.2"),
            url="https://example.com/dl/simplejson-3.19.2-py3-none-any.whl"),
        dep("foo-bar", 5, path, source=SourceKind.URL, version=Version("1.2"),
            url="https://example.com/dl/foo_bar-1.2.tar.gz#sha256=abc",
            marker=Marker("sys_platform == 'linux'")),
        dep("pkg", 6, path, source=SourceKind.PATH, url="./vendor/pkg"),
        dep("outside", 7, path, source=SourceKind.PATH, url="../outside"),
        dep("repo-name", 8, path, source=SourceKind.VCS,
            url="git+https://gitlab.com/org/repo.git#egg=repo-name&subdirectory=py"),
        dep("httpx", 9, path, source=SourceKind.VCS,
            url="git+https://github.com/encode/httpx@0.27.0"),
        dep("wheelpkg", 10, path, source=SourceKind.URL,
            url="https://example.com/wheelpkg-1.0-py3-none-any.whl"),
        dep("localpkg", 11, path, source=SourceKind.PATH, url="file:///srv/localpkg"),
    )


def test_global_options_and_index_urls() -> None:
    text = (
        "--index-url https://pypi.example.com/simple\n"
        "-i https://pypi.example.com/simple\n"
        "--extra-index-url=https://extra.example.com/simple\n"
        "--no-index\n-f ./wheels\n--pre\n--trusted-host pypi.example.com\n"
        "--prefer-binary\n--only-binary=:all:\n--no-binary lxml\n--use-feature=fast-deps\n"
        "six\n"
    )
    assert parse(text, path="r.txt") == Manifest(
        path="r.txt",
        kind=ManifestKind.REQUIREMENTS,
        dependencies=(dep("six", 12, "r.txt"),),
        index_urls=("https://pypi.example.com/simple", "https://extra.example.com/simple"),
    )


def test_includes_constraints_and_their_locations() -> None:
    files = {
        "reqs/base.txt": "requests==2.32.3\n-c ../constraints.txt\n",
        "constraints.txt": "urllib3<2\n",
        "reqs/dev.txt": "-rbase.txt\npytest==8.0.0\n",
    }
    text = "-r reqs/dev.txt\n--requirement=reqs/base.txt\nflask\n"
    manifest = parse(text, path="requirements.txt", read=reader(files))
    assert manifest == Manifest(
        path="requirements.txt",
        kind=ManifestKind.REQUIREMENTS,
        dependencies=(
            dep("requests", 1, "reqs/base.txt", specifier=SpecifierSet("==2.32.3"),
                version=Version("2.32.3")),
            dep("urllib3", 1, "constraints.txt", specifier=SpecifierSet("<2"),
                group="constraint"),
            dep("pytest", 2, "reqs/dev.txt", specifier=SpecifierSet("==8.0.0"),
                version=Version("8.0.0")),
            dep("flask", 3),
        ),
        includes=("reqs/dev.txt", "reqs/base.txt", "constraints.txt"),
    )


def test_bad_includes_become_issues() -> None:
    files = {"a.txt": "-r b.txt\nsix\n", "b.txt": "-r a.txt\n"}
    text = (
        "-r a.txt\n-r ../../etc/passwd\n-r /etc/passwd\n-r missing.txt\n"
        "-r https://example.com/r.txt\n-r\n"
    )
    manifest = parse(text, path="a.txt", read=reader(files))
    assert manifest.errors == (
        ParseIssue(line=1, message="include cycle: a.txt -> a.txt"),
        ParseIssue(line=2, message="include '../../etc/passwd' points outside the repository"),
        ParseIssue(line=3, message="absolute include path '/etc/passwd' is not allowed"),
        ParseIssue(line=4, message="included file not found: missing.txt"),
        ParseIssue(line=5, message="remote include 'https://example.com/r.txt' is not followed"),
        ParseIssue(line=6, message="option -r needs a value"),
    )
    nested = parse("-r a.txt\n", path="top.txt", read=reader(files))
    assert nested.errors == (
        ParseIssue(line=1, message="b.txt: include cycle: top.txt -> a.txt -> b.txt -> a.txt"),
    )
    assert [d.location for d in nested.dependencies] == [Location(path="a.txt", line=2)]


def test_malformed_lines_are_issues_and_the_rest_is_read() -> None:
    text = (
        "requests==\n"
        "flask --hash=md5\n"
        "--frobnicate\n"
        "ok-package>=1 --unknown-flag\n"
        "'unterminated\n"
        "-r 'unterminated\n"
        "zope.interface\n"
    )
    manifest = parse(text, path="requirements.txt")
    assert manifest.errors == (
        ParseIssue(line=1, message="invalid requirement 'requests==': Expected semicolon "
                   "(after name with no version specifier) or end"),
        ParseIssue(line=2, message="malformed hash 'md5', expected algo:hex"),
        ParseIssue(line=3, message="unknown option '--frobnicate'"),
        ParseIssue(line=4, message="unknown per-requirement option '--unknown-flag'"),
        ParseIssue(line=5, message="invalid requirement \"'unterminated\": Expected package "
                   "name at the start of dependency specifier"),
        ParseIssue(line=6, message="cannot split line: No closing quotation"),
    )
    assert manifest.dependencies == (dep("zope-interface", 7),)


def test_egg_fragment_hash_is_not_a_comment_and_dispatcher_decodes() -> None:
    data = b"\xef\xbb\xbfgit+https://h.example/r.git#egg=thing # trailing comment\n\xff\n"
    manifest = parse_manifest(data, path="requirements.txt", kind=ManifestKind.REQUIREMENTS)
    assert manifest.dependencies == (
        dep("thing", 1, source=SourceKind.VCS, url="git+https://h.example/r.git#egg=thing"),
    )
    assert manifest.errors == (
        ParseIssue(line=2, message="invalid requirement '\ufffd': Expected package name at the "
                   "start of dependency specifier"),
    )


def test_direct_references_without_spaces_and_trailing_slash_paths() -> None:
    text = "pip@https://example.com/pip-24.0-py3-none-any.whl\nsrc/mypkg/\nproj[cli]@ ./proj\n"
    manifest = parse(text, path="requirements.txt")
    assert manifest.errors == ()
    assert manifest.dependencies == (
        dep("pip", 1, source=SourceKind.URL,
            url="https://example.com/pip-24.0-py3-none-any.whl"),
        dep("mypkg", 2, source=SourceKind.PATH, url="src/mypkg/"),
        dep("proj", 3, source=SourceKind.PATH, url="./proj", extras=frozenset({"cli"})),
    )


def test_continuations_join_as_pip_does() -> None:
    text = "requests==2.\\\n31.0\nflask \\\n# a comment ends it\nsix \\\n"
    assert parse(text, path="requirements.txt").dependencies == (
        dep("requests", 1, specifier=SpecifierSet("==2.31.0"), version=Version("2.31.0")),
        dep("flask", 3),
        dep("six", 5),
    )


def test_deep_include_chains_stop() -> None:
    files = {f"r{index}.txt": f"-r r{index + 1}.txt\npkg{index}\n" for index in range(60)}
    manifest = parse("-r r0.txt\n", path="requirements.txt", read=reader(files))
    assert len(manifest.dependencies) == 32
    assert manifest.errors == (
        ParseIssue(line=1, message="r31.txt: includes nested deeper than 32"),
    )


def test_file_wide_options_on_a_requirement_line_keep_the_requirement() -> None:
    # readthedocs.org requirements/deploy.txt (2019)
    manifest = parse(
        "psycopg2==2.8.3 --no-binary psycopg2\nx==1 --pre\n", path="requirements/deploy.txt"
    )
    assert manifest.errors == ()
    assert [(d.name, str(d.specifier), d.location.line) for d in manifest.dependencies] == [
        ("psycopg2", "==2.8.3", 1),
        ("x", "==1", 2),
    ]
