"""benchmarks/analyze.py: the table and ratios offline; the whole run on one package online."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.analyze import (
    GUARDDOG,
    Layout,
    Measurement,
    Pair,
    TreeRssSampler,
    choose_artifacts,
    download,
    format_summary,
    format_table,
    local_archives,
    reset_to_cold,
    run,
    summarize,
)
from bot.store.cache import SqliteAnalysisCache

SMALL = Pair(name="six", old="1.16.0", new="1.17.0")
BIG = Pair(name="xgboost", old="3.4.0", new="3.4.1", big=True)


def row(pair: Pair, cold: float | None, warm: float | None, guard: float | None,
        **extra: object) -> Measurement:
    return Measurement(pair=pair, new_archive_mb=0.25, cold_s=cold, warm_s=warm,
                       cli_cold_s=0.9, guarddog_s=guard, alerts=2, peak_rss_mb=80.0,
                       **extra)  # type: ignore[arg-type]


def test_table_row_shows_times_ratios_and_alerts() -> None:
    table = format_table([row(SMALL, 0.2, 0.001, 3.0)])
    assert table.splitlines()[2] == (
        "| six | 1.16.0 → 1.17.0 | 0.25 | 0.200 | 1.0 | 0.90 | 3.00 | 15.0× | 200× | 2 | 80 |"
    )


def test_row_with_other_files_is_flagged_and_explained() -> None:
    table = format_table([row(SMALL, 0.2, 0.001, 3.0, same_files=False)])
    assert table.splitlines()[2].startswith("| six † | 1.16.0 → 1.17.0 |")
    assert table.splitlines()[-1].startswith("† capdiff analyzed other archives")


def test_summary_totals_medians_and_verdicts() -> None:
    rows = [
        row(SMALL, 1.0, 0.01, 4.0),  # 4x, warm 100x
        row(Pair(name="a", old="1", new="2"), 0.1, 0.002, 2.0),  # 20x, warm 50x
        row(Pair(name="b", old="1", new="2"), 0.2, 0.001, 6.0),  # 30x, warm 200x
        row(BIG, 2.0, 0.02, None, big_wheel_peak_rss_mb=600.0),  # no GuardDog: not in totals
    ]
    summary = summarize(rows)
    assert summary.total_ratio == pytest.approx(12.0 / 1.3)
    assert summary.median_ratio == pytest.approx(20.0)
    assert summary.warm_ratio == pytest.approx(100.0)
    assert summary.big_peak_rss_mb == 600.0
    assert format_summary(summary).splitlines()[2:6] == [
        "| total GuardDog s / total capdiff cold s | 12.00 / 1.30 = 9.2× | ≥ 5× | PASS |",
        "| median per-package GuardDog ÷ capdiff cold | 20.0× | ≥ 10× | PASS |",
        "| median per-package capdiff cold ÷ warm | 100× | ≥ 100× | PASS |",
        "| peak RSS, ≥ 50 MB wheel (process tree) | 600 MB | ≤ 512 MB | MISS |",
    ]


def test_nothing_measured_says_so_instead_of_failing() -> None:
    rows = [Measurement(pair=SMALL, notes=("six==1.17.0: not in manifest.json",))]
    assert format_table(rows).splitlines()[2] == (
        "| six | 1.16.0 → 1.17.0 | 0.00 | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"
    )
    lines = format_summary(summarize(rows)).splitlines()
    assert lines[2].endswith("| ≥ 5× | NOT MEASURED |")
    assert lines[5].endswith("| ≤ 512 MB | NOT MEASURED |")


def test_choose_artifacts_prefers_pure_wheel_and_resolves_relative_urls() -> None:
    files = [
        {"filename": "six-1.17.0.tar.gz", "url": "../../files/six-1.17.0.tar.gz",
         "packagetype": "sdist", "size": 10, "digests": {"sha256": "a" * 64}},
        {"filename": "six-1.17.0-cp313-cp313-manylinux_2_17_x86_64.whl", "url": "x.whl",
         "packagetype": "bdist_wheel", "size": 20, "digests": {"sha256": "b" * 64}},
        {"filename": "six-1.17.0-py2.py3-none-any.whl", "url": "https://files.example/six.whl",
         "packagetype": "bdist_wheel", "size": 30, "digests": {"sha256": "c" * 64}},
    ]
    chosen = choose_artifacts(files, "https://pypi.org/pypi/six/json")
    assert [(a.filename, a.url, a.kind) for a in chosen] == [
        ("six-1.17.0.tar.gz", "https://pypi.org/files/six-1.17.0.tar.gz", "sdist"),
        ("six-1.17.0-py2.py3-none-any.whl", "https://files.example/six.whl", "wheel"),
    ]


def test_choose_artifacts_takes_newest_cpython_manylinux_x86_64() -> None:
    names = [
        "np-2.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "np-2.0-cp313-cp313t-manylinux_2_17_x86_64.whl",  # free-threaded: not the default
        "np-2.0-cp313-cp313-manylinux_2_17_aarch64.whl",
        "np-2.0-cp313-cp313-musllinux_1_2_x86_64.whl",
        "np-2.0-cp313-cp313-macosx_14_0_x86_64.whl",
        "np-2.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "np-2.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl",
    ]
    files = [{"filename": n, "url": n, "packagetype": "bdist_wheel", "size": 1,
              "digests": {"sha256": "d" * 64}} for n in names]
    chosen = choose_artifacts(files, "https://pypi.org/pypi/np/json")
    assert [a.filename for a in chosen] == [names[5]]


def test_missing_downloads_are_named_not_raised(tmp_path: Path) -> None:
    assert local_archives(SMALL, "1.17.0", Layout(tmp_path)) == (
        [], ["six==1.17.0: not in manifest.json (run --download)"]
    )


def test_reset_to_cold_forgets_results_but_keeps_index_responses(tmp_path: Path) -> None:
    path = tmp_path / "analysis.sqlite"
    old_clock = SqliteAnalysisCache(path, clock=lambda: 0.0)
    old_clock.put_response("simple/six", b"page")
    old_clock._connection().execute(
        "INSERT INTO artifact_results VALUES ('s', 'v', 'a', x'00')"
    )
    old_clock.close()
    reset_to_cold(tmp_path)
    cache = SqliteAnalysisCache(path)
    assert cache.get_response("simple/six", max_age_seconds=600) == b"page"
    count = cache._connection().execute("SELECT count(*) FROM artifact_results").fetchone()
    cache.close()
    assert count == (0,)


def test_rss_sampler_sees_a_childs_memory() -> None:
    script = "import time; block = bytearray(80 * 2**20); time.sleep(0.3)"
    process = subprocess.Popen([sys.executable, "-c", script])
    with TreeRssSampler(process.pid) as sampler:
        process.wait()
    assert sampler.peak_kb > 80 * 1024


@pytest.mark.online
def test_one_small_package_end_to_end(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    assert download([SMALL], jobs=2, layout=layout) == 0
    [measured] = run([SMALL], repeat=1, jobs=1, skip_guarddog=not GUARDDOG.exists(),
                     layout=layout)
    assert measured.notes == ()
    assert measured.cold_s is not None and measured.cold_s > 0
    assert measured.warm_s is not None and measured.warm_s > 0
    assert measured.cli_cold_s is not None
    assert measured.alerts is not None
    assert measured.peak_rss_mb is not None and measured.peak_rss_mb > 20
    assert format_table([measured]).splitlines()[2].startswith("| six | 1.16.0 → 1.17.0 |")
