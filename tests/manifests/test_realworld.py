"""Real manifests from public projects (tests/assets/realworld, listed in SOURCES.md).

The counts in expected.json were checked against the files themselves (requirement lines,
`[[package]]` tables, TOML arrays counted independently of the parsers), not copied from
parser output. PEP 735 `include-group`s are flattened: an included group's entries count
again in every group that includes it.
"""

from __future__ import annotations

import pytest
from packaging.version import Version

from bot.diff import diff_dependencies
from bot.manifests.discover import discover, is_manifest
from bot.model import ChangeKind, Dependency, Manifest, ManifestKind, SourceKind
from tests.manifests.realworld_corpus import (
    ASSETS,
    CorpusFile,
    corpus,
    expectations,
    read_corpus_file,
)

_BY_ASSET = {entry.asset: entry for entry in corpus()}


def _read(asset: str) -> Manifest:
    return read_corpus_file(_BY_ASSET[asset])


def test_corpus_is_listed_completely_and_stays_small() -> None:
    on_disk = {
        str(path.relative_to(ASSETS))
        for path in ASSETS.rglob("*")
        if path.is_file() and path.name not in {"SOURCES.md", "expected.json"}
    }
    assert on_disk == set(_BY_ASSET)
    assert set(expectations()) == set(_BY_ASSET)
    sizes = [(ASSETS / asset).stat().st_size for asset in on_disk]
    assert max(sizes) <= 300_000
    assert sum(sizes) < 5_000_000


@pytest.mark.parametrize("entry", corpus(), ids=lambda entry: entry.asset)
def test_dependency_and_error_counts(entry: CorpusFile) -> None:
    manifest = read_corpus_file(entry)
    expected = expectations()[entry.asset]
    assert manifest.kind is entry.kind
    assert manifest.path == entry.path
    assert (len(manifest.dependencies), len(manifest.errors)) == (
        expected["dependencies"],
        expected["errors"],
    ), [issue.message for issue in manifest.errors]
    for dependency in manifest.dependencies:
        assert dependency.location.path in {entry.path, *manifest.includes}
        assert dependency.location.line is None or dependency.location.line >= 1


# (name, specifier, marker, group, line, source, url, number of hashes)
Row = tuple[str, str, str | None, str, int | None, SourceKind, str | None, int]


def _row(dependency: Dependency) -> Row:
    return (
        dependency.name,
        str(dependency.specifier),
        str(dependency.marker) if dependency.marker is not None else None,
        dependency.group,
        dependency.location.line,
        dependency.source,
        dependency.url,
        len(dependency.hashes),
    )


INDEX = SourceKind.INDEX
SPOT_CHECKS: dict[str, list[Row]] = {
    # pip-compile --generate-hashes output: a requirement continued over hash lines
    "requirements/boto__boto3__requirements-dev-lock.txt": [
        ("atomicwrites", "==1.4.1", None, "main", 7, INDEX, None, 1),
    ],
    # pypi/warehouse: pip-compile --generate-hashes, extras on pinned lines
    "requirements/pypi__warehouse__requirements__main.txt": [
        ("celery", "==5.6.3", None, "main", 199, INDEX, None, 2),
        ("psycopg", "==3.3.4", None, "main", 1633, INDEX, None, 2),
    ],
    # ansible: spaced operators and a trailing comment after two clauses
    "requirements/ansible__ansible__requirements.txt": [
        ("resolvelib", "<1.1.0,>=0.5.3", None, "main", 15, INDEX, None, 0),
    ],
    # 2019: a file-wide option on a requirement line; `#egg=name[extra]==version`
    "requirements/readthedocs__readthedocs.org__2147cec__requirements__deploy.txt": [
        ("psycopg2", "==2.8.3", None, "main", 3, INDEX, None, 0),
        (
            "django-storages",
            "",
            None,
            "main",
            112,
            SourceKind.VCS,
            "git+https://github.com/jschneier/django-storages@d0f027c98a877f75615cfc42b4d51c038fa41bf6"
            "#egg=django-storages[azure]==1.9.1",
            0,
        ),
    ],
    # 2018: git URLs pinned with old-style `#egg=name-dev`
    "requirements/readthedocs__readthedocs.org__717da9a__requirements__pip.txt": [
        (
            "django-pagination",
            "",
            None,
            "main",
            75,
            SourceKind.VCS,
            "git+https://github.com/zyga/django-pagination.git@86caf15#egg=django_pagination-dev",
            0,
        ),
        (
            "readthedocs-build",
            "",
            None,
            "main",
            78,
            SourceKind.VCS,
            "git+https://github.com/rtfd/readthedocs-build.git"
            "@864892c17c370c72865c3717c18370368e3e0635#egg=readthedocs-build",
            0,
        ),
    ],
    # `-r` includes two levels deep; markers on included lines; lines are in the included file
    "requirements/celery__celery__requirements__docs.txt": [
        ("pytest-rerunfailures", ">=15.0", 'python_version >= "3.9"', "main", 3, INDEX, None, 0),
        (
            "mypy",
            "==1.19.1",
            'platform_python_implementation == "CPython"',
            "main",
            11,
            INDEX,
            None,
            0,
        ),
        ("mock", ">=1.3", None, "main", 1, INDEX, None, 0),
    ],
    # Poetry 2: [project] with a direct git reference + [tool.poetry.group.*]
    "pyproject/python-poetry__poetry__pyproject.toml": [
        (
            "poetry-core",
            "",
            None,
            "main",
            7,
            SourceKind.VCS,
            "git+https://github.com/python-poetry/poetry-core.git",
            0,
        ),
        ("xattr", "<2.0.0,>=1.0.0", 'sys_platform == "darwin"', "main", 28, INDEX, None, 0),
        ("poetry-core", ">=2.0", None, "build-system", 98, INDEX, None, 0),
        (
            "pytest-github-actions-annotate-failures",
            "<0.2.0,>=0.1.7",
            None,
            "github-actions",
            94,
            INDEX,
            None,
            0,
        ),
    ],
    # Poetry 1.x (2022): caret ranges, `python = "<3.8"` as a marker, a parenthesized union
    "pyproject/python-poetry__poetry__31465a4__pyproject.toml": [
        ("cachecontrol", "<0.13.0,>=0.12.9", None, "main", 49, INDEX, None, 0),
        ("importlib-metadata", ">=1.6.0", 'python_version < "3.8"', "main", 55, INDEX, None, 0),
        ("virtualenv", "", None, "main", 68, INDEX, None, 0),
        ("zipp", "<4.0,>=3.4", 'python_version < "3.8"', "dev", 82, INDEX, None, 0),
    ],
    # PDM 2.x (2023): [tool.pdm.dev-dependencies]
    "pyproject/pdm-project__pdm__29518e4__pyproject.toml": [
        ("tox-pdm", ">=0.5", None, "dev:tox", 90, INDEX, None, 0),
        ("pdm-pep517", "<2.0.0,>=1.0.0", None, "dev:workflow", 102, INDEX, None, 0),
    ],
    # PDM 0.x (2020): Pipfile-like tables under [tool.pdm]
    "pyproject/pdm-project__pdm__b987a1f__pyproject.toml": [
        ("importlib-metadata", "", 'python_version < "3.8"', "main", 39, INDEX, None, 0),
        ("towncrier", "<20.0.0,>=19.2.0", None, "dev", 47, INDEX, None, 0),
        ("mkdocs", "<2.0.0,>=1.1", None, "doc", 51, INDEX, None, 0),
    ],
    "pyproject/pallets__flask__pyproject.toml": [
        ("blinker", ">=1.9.0", None, "main", 24, INDEX, None, 0),
        (
            "gha-update",
            "",
            'python_full_version >= "3.12"',
            "dependency-group:gha-update",
            52,
            INDEX,
            None,
            0,
        ),
        ("flit-core", "<4,>=3.11", None, "build-system", 86, INDEX, None, 0),
    ],
    "pyproject/astral-sh__uv__test__ecosystem__pandas__pyproject.toml": [
        ("numpy", ">=1.26.0", 'python_version < "3.14"', "main", 28, INDEX, None, 0),
        ("zstandard", ">=0.23.0", None, "optional:compression", 85, INDEX, None, 0),
    ],
    "pyproject/astral-sh__uv__test__ecosystem__home-assistant-core__pyproject.toml": [
        ("aiodns", "==3.2.0", None, "main", 26, INDEX, None, 0),
        ("wheel", "~=0.43.0", None, "build-system", 2, INDEX, None, 0),
    ],
    "setup_cfg/jazzband__pip-tools__19b1de8__setup.cfg": [
        ("setuptools-scm", "", None, "setup", 30, INDEX, None, 0),
        ("flit-core", "<4,>=2", None, "optional:testing", 54, INDEX, None, 0),
    ],
    # 2017, Python 2 era: tests_require through a module-level variable
    "setup_py/psf__requests__d374a18__setup.py.txt": [
        ("pytest-httpbin", "==0.0.7", None, "test", 50, INDEX, None, 0),
        ("pysocks", "!=1.5.7,>=1.5.6", None, "optional:socks", 99, INDEX, None, 0),
    ],
    "setup_py/getsentry__sentry-python__setup.py.txt": [
        ("urllib3", ">=1.26.11", None, "main", 43, INDEX, None, 0),
        ("httpcore", "==1.*", None, "optional:http2", 62, INDEX, None, 0),
    ],
    # pipenv's own Pipfile: a bare "3.*" is ==3.*; sys_platform key becomes a marker
    "pipfile/pypa__pipenv__Pipfile": [
        ("waitress", "==3.*", 'sys_platform == "win32"', "dev", 18, INDEX, None, 0),
        ("pytz", "", None, "main", 35, INDEX, None, 0),
    ],
    "pipfile_lock/pypa__pipenv__Pipfile.lock": [
        (
            "waitress",
            "==3.0.2",
            '"dev" in dependency_groups and sys_platform == "win32"',
            "dev",
            1593,
            INDEX,
            None,
            2,
        ),
    ],
    "poetry_lock/python-poetry__poetry__poetry.lock": [
        (
            "poetry-core",
            "==2.4.1",
            None,
            "main",
            1402,
            SourceKind.VCS,
            "git+https://github.com/python-poetry/poetry-core.git"
            "@e3998b0e111dc03e4aa721fd054c48e5c7de6fc5",
            0,
        ),
        ("xattr", "==1.3.0", 'sys_platform == "darwin"', "main", 2071, INDEX, None, 50),
    ],
    "uv_lock/saleor__saleor__uv.lock": [
        ("django", "==5.2.17", None, "main", 567, INDEX, None, 2),
    ],
    "pdm_lock/pdm-project__pdm__pdm.lock": [
        ("truststore", "==0.10.4", 'python_version >= "3.10"', "main", 1806, INDEX, None, 2),
    ],
    # pipenv writes `jaraco.classes` unnormalized; read, normalized, without an error
    "pylock/pypa__pipenv__pylock.toml": [
        (
            "jaraco-classes",
            "==3.4.0",
            '"dev" in dependency_groups and python_version >= "3.8"',
            "main",
            733,
            INDEX,
            None,
            2,
        ),
    ],
}


@pytest.mark.parametrize("asset", sorted(SPOT_CHECKS))
def test_specific_dependencies(asset: str) -> None:
    rows = [_row(dependency) for dependency in _read(asset).dependencies]
    for expected in SPOT_CHECKS[asset]:
        assert expected in rows


def test_project_itself_is_not_a_dependency() -> None:
    # `-e .[socks]`, `.[brotli,...]` and pipenv's docs/requirements.txt `-e .`
    for asset in (
        "requirements/psf__requests__requirements-dev.txt",
        "requirements/encode__httpx__requirements.txt",
        "requirements/pypa__pipenv__docs__requirements.txt",
    ):
        manifest = _read(asset)
        assert manifest.errors == ()
        assert all(d.source is SourceKind.INDEX for d in manifest.dependencies)
        assert "docs" not in {d.name for d in manifest.dependencies}


def test_own_name_with_extras_is_the_project_itself() -> None:
    # requests' test group has `requests[socks]`; pdm's extras have `pdm[template]`
    requests = _read("pyproject/psf__requests__pyproject.toml")
    assert "requests" not in {d.name for d in requests.dependencies}
    pdm = _read("pyproject/pdm-project__pdm__pyproject.toml")
    assert "pdm" not in {d.name for d in pdm.dependencies}
    assert ("pdm-backend", "build-system") in {(d.name, d.group) for d in pdm.dependencies}


def test_warehouse_requirements_txt_reads_all_seven_compiled_files() -> None:
    manifest = _read("requirements/pypi__warehouse__requirements.txt")
    assert manifest.includes == (
        "requirements/main.txt",
        "requirements/deploy.txt",
        "requirements/docs-dev.txt",
        "requirements/docs-user.txt",
        "requirements/docs-blog.txt",
        "requirements/lint.txt",
        "requirements/tests.txt",
    )
    assert {d.location.path for d in manifest.dependencies} == set(manifest.includes)
    assert all(d.hashes and d.version for d in manifest.dependencies)


def test_git_url_without_egg_is_reported_not_guessed() -> None:
    manifest = _read("requirements/celery__celery__requirements__dev.txt")
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (
            1,
            "cannot tell the project name of 'git+https://github.com/celery/py-amqp.git'; "
            "add #egg=<name>",
        ),
        (
            2,
            "cannot tell the project name of 'git+https://github.com/celery/kombu.git'; "
            "add #egg=<name>",
        ),
        (
            3,
            "cannot tell the project name of 'git+https://github.com/celery/billiard.git'; "
            "add #egg=<name>",
        ),
    ]


def test_computed_setup_py_is_reported_as_such() -> None:
    manifest = _read("setup_py/celery__celery__3ec0e79__setup.py.txt")
    assert manifest.dependencies == ()
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (
            213,
            "install_requires is computed at run time; capdiff reads setup.py without running it",
        ),
        (214, "tests_require is computed at run time; capdiff reads setup.py without running it"),
        (215, "extras_require is computed at run time; capdiff reads setup.py without running it"),
    ]


def test_setup_with_unpacked_keyword_dict() -> None:
    # scrapy 0.24 (2014): setup(**setup_args) with setup_args['install_requires'] = [...]
    # set in the `else:` of a try; poetry 0.x (2018): kwargs = dict(...); setup(**kwargs)
    scrapy = _read("setup_py/scrapy__scrapy__3b64b24__setup.py.txt")
    assert scrapy.errors == ()
    assert [(d.name, str(d.specifier), d.location.line) for d in scrapy.dependencies][:2] == [
        ("twisted", ">=10.0.0", 126),
        ("w3lib", ">=1.8.0", 127),
    ]
    poetry = _read("setup_py/python-poetry__poetry__342de41__setup.py.txt")
    assert poetry.errors == ()
    assert [(d.name, d.group) for d in poetry.dependencies][-1] == ("pytest", "test")


def test_discover_on_real_paths() -> None:
    paths = [entry.path for entry in corpus()] + [
        "MANIFEST.in",
        "docs/conf.py",
        "src/pdm/models/setup.py.in",
        "tests/fixtures/requirements.json",
        "README.md",
    ]
    found = dict(discover(paths))
    assert set(found) == {entry.path for entry in corpus()}
    for entry in corpus():
        assert found[entry.path] is entry.kind
    assert is_manifest("requirements/extras/couchbase.txt") is ManifestKind.REQUIREMENTS
    assert is_manifest("docs/requirements.in") is ManifestKind.REQUIREMENTS
    assert is_manifest("examples/readme/constraints.txt") is ManifestKind.REQUIREMENTS
    assert is_manifest("build-project/pylock.toml") is ManifestKind.PYLOCK
    assert is_manifest("MANIFEST.in") is None


def test_deps_diff_between_two_real_commits_of_bedevere() -> None:
    base = _read("requirements/python__bedevere__f5b1e40__requirements.txt")
    head = _read("requirements/python__bedevere__requirements.txt")
    changes = diff_dependencies([base], [head])
    assert [
        (c.name, c.kind, c.old.version if c.old else None, c.new.version if c.new else None)
        for c in changes
    ] == [
        ("aiohttp", ChangeKind.UPGRADED, Version("3.13.5"), Version("3.14.1")),
        ("sentry-sdk", ChangeKind.UPGRADED, Version("2.60.0"), Version("2.63.0")),
    ]
    assert [c.locations[0].line for c in changes] == [1, 10]


def test_deps_diff_between_flask_setup_py_2013_and_2019() -> None:
    base = _read("setup_py/pallets__flask__41171d1__setup.py.txt")
    head = _read("setup_py/pallets__flask__b46f594__setup.py.txt")
    changes = {c.name: c.kind for c in diff_dependencies([base], [head])}
    assert changes["click"] is ChangeKind.ADDED
    assert changes["werkzeug"] is ChangeKind.CHANGED  # >=0.7 became >=0.15
    assert all(kind is not ChangeKind.REMOVED for kind in changes.values())
