"""Statistics over N cases: CSV and PDF exports as a supervisor (counting on the
encrypted database, suppression, writing) beside the same GROUP BY statement on
the plain SQLite twin in the same run; peak memory of the export process.

    python -m benchmarks.bench_statistics [--cases N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import Result, median, run_child
from benchmarks.dataset import open_plain

PERIOD = (date(2024, 1, 1), date(2025, 12, 31))
TARGETS = {"csv": 1.0, "pdf": 3.0}


def _child(data_dir: Path, fmt: str, out: Path, user: str, passphrase: str,
           period: tuple[date | None, date | None]) -> dict[str, float]:
    """Two exports in a fresh process: the first (what a user who runs the command
    waits for, first imports of the solver and the fonts included) and a second one
    (the Statistics screen asked again); peak RSS of the process."""
    code = f"""
import json, resource, time
from datetime import date
from pathlib import Path
from screening_app.storage import Session
from screening_app.statistics.request import StatisticsRequest
from screening_app.exchange.statistics_export import export_statistics
with Session.open(Path({str(data_dir)!r}), {user!r}, {passphrase!r}) as s:
    request = StatisticsRequest(date_from={_day(period[0])}, date_to={_day(period[1])})
    took = []
    for _ in range(2):
        start = time.perf_counter()
        export_statistics(s, request, {fmt!r}, "th", Path({str(out)!r}))
        took.append(time.perf_counter() - start)
print(json.dumps({{"seconds": took[0], "warm": took[1],
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    _wall, stdout = run_child([sys.executable, "-c", code])
    return dict(json.loads(stdout.strip().splitlines()[-1]))


def _day(day: date | None) -> str:
    return "None" if day is None else f"date({day.year}, {day.month}, {day.day})"


def _plain_seconds(plain: Path, data_dir: Path, repeat: int, user: str,
                   passphrase: str, period: tuple[date | None, date | None]) -> float:
    """The same counting statement, replayed on plain SQLite (warm, median)."""
    from screening_app.statistics.request import StatisticsRequest
    from screening_app.storage import Session
    from screening_app.storage.statistics import StatisticsStore

    request = StatisticsRequest(date_from=period[0], date_to=period[1])
    with Session.open(data_dir, user, passphrase) as session:
        sql, values = StatisticsStore(session).fact_sql(request)
        ours = session.database.query(sql, tuple(values))
    conn = open_plain(plain)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = conn.execute(sql, values).fetchall()
        times.append(time.perf_counter() - start)
    assert sorted(map(tuple, rows)) == sorted(map(tuple, ours)), "plain SQLite differs"
    return median(times)


def run(data_dir: Path, plain: Path, cases: int, repeat: int = 3, user: str | None = None,
        passphrase: str | None = None, spread: str = "2 years",
        period: tuple[date | None, date | None] = PERIOD) -> list[Result]:
    """Exports as `user` (default: the statistics dataset's supervisor)."""
    from benchmarks.stats_dataset import SUPERVISOR, SUPERVISOR_PASSPHRASE

    user, passphrase = user or SUPERVISOR, passphrase or SUPERVISOR_PASSPHRASE
    reference = _plain_seconds(plain, data_dir, repeat, user, passphrase, period)
    results = []
    with tempfile.TemporaryDirectory(prefix="stats-out-") as out:
        for fmt in ("csv", "pdf"):
            runs = [_child(data_dir, fmt, Path(out) / f"s.{fmt}", user, passphrase, period)
                    for _ in range(repeat)]
            seconds = median([r["seconds"] for r in runs])
            warm = median([r["warm"] for r in runs])
            rss = max(r["rss_mb"] for r in runs)
            results.append(Result(
                f"statistics {fmt} ({cases:,} cases, {spread})", seconds, "s",
                reference=reference, reference_name="the same GROUP BY on plain SQLite",
                target=f"< {TARGETS[fmt]:g} s", met=seconds < TARGETS[fmt],
                note=f"export_statistics as {user}, the first call in a fresh process "
                     f"(count on the encrypted database, suppress, write {fmt.upper()} in "
                     f"Thai; the first imports of numpy/HiGHS and fonts included); median of "
                     f"{repeat}; the same again in that process {warm:.2f} s; peak RSS of the "
                     f"process {rss:.0f} MB",
                extra={"rss_mb": rss, "warm": warm}))
            results.append(Result(
                f"statistics {fmt}, asked again in the same process", warm, "s",
                reference=reference, reference_name="the same GROUP BY on plain SQLite",
                target=f"< {TARGETS[fmt]:g} s", met=warm < TARGETS[fmt]))
    return results


def main(argv: list[str] | None = None) -> int:
    from benchmarks import stats_dataset
    from benchmarks.common import table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_statistics")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the data here")
    args = parser.parse_args(argv)
    where = args.keep or Path(tempfile.mkdtemp(prefix="stats-bench-"))
    if not (where / "data").exists():
        start = time.perf_counter()
        stats_dataset.build(where, args.cases)
        print(f"built {args.cases:,} cases in {time.perf_counter() - start:.0f} s")
    print(table(run(where / "data", where / "plain.db", args.cases)))
    print(f"peak RSS of this process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
