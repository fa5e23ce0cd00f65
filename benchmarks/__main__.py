"""`make bench` / `python -m benchmarks [--quick]`: every figure beside its
reference in the same run; the table goes to stdout and into docs/benchmarks.md
(between the results markers; the hand-written analysis around them is kept)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import ROOT, Result, machine, table

START = "<!-- results:start -->"
END = "<!-- results:end -->"


def _step(results: list[Result], name: str, fn: Callable[[], list[Result] | Result]) -> None:
    print(f"-- {name} …", flush=True)
    start = time.perf_counter()
    try:
        got = fn()
    except Exception as error:   # one broken part must not hide the others
        traceback.print_exc()
        results.append(Result(f"{name}: FAILED ({type(error).__name__})", float("nan"), "",
                              met=False, note=str(error)[:200]))
        return
    rows = got if isinstance(got, list) else [got]
    results.extend(rows)
    print(table(rows), flush=True)
    print(f"   ({time.perf_counter() - start:.0f} s)", flush=True)


def run(cases: int, quick: bool) -> tuple[list[Result], dict[str, str]]:
    from benchmarks import (
        bench_documents,
        bench_duplicates,
        bench_exchange,
        bench_gui,
        bench_relay,
        bench_statistics,
        bench_storage,
        dataset,
    )
    from benchmarks.dataset import PASSPHRASE, USER
    from screening_app.storage import Session

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    info = machine()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="screening-bench-") as tmp:
        where = Path(tmp)
        print(f"-- building {cases:,} cases …", flush=True)
        ds = dataset.build(where, cases)
        info["dataset"] = (f"{cases:,} synthetic cases (names in km, th, lo, my, zh, vi, en; "
                           f"every 10th a finished interview with 20 answers and an outcome, "
                           f"others 3 answers), built in {ds.build_seconds:.0f} s through "
                           f"CaseRepository.create/save_answer in one transaction")
        _step(results, "database size", lambda: bench_storage.size(ds))
        _step(results, "unlock", lambda: bench_storage.unlock(ds, 3 if quick else 5))
        # Before the steps below change our cases and not the plain twin (a changed
        # profile moves a person's age group): the whole period, the dataset's cases
        # are all of this month.
        _step(results, "statistics", lambda: bench_statistics.run(
            ds.data_dir, ds.plain_db, cases, 2 if quick else 3, user="admin",
            passphrase=dataset.ADMIN_PASSPHRASE, spread="one month, every 10th screened",
            period=(None, None)))
        session = Session.open(ds.data_dir, USER, PASSPHRASE)
        try:
            _step(results, "search",
                  lambda: bench_storage.search(ds, session, 5 if quick else 20))
            _step(results, "two-character search",
                  lambda: bench_storage.two_character_search(ds, session, 5 if quick else 20))
            _step(results, "save one answer",
                  lambda: bench_storage.save_answer(ds, session, 100 if quick else 300))
            _step(results, "duplicate candidates",
                  lambda: bench_duplicates.candidates_for_new_case(ds, session,
                                                                   30 if quick else 100))
        finally:
            session.close()
        _step(results, "start window", lambda: bench_gui.start_window(ds, 3 if quick else 7))
        rss: list[float] = []

        def case_list() -> list[Result]:
            rows, peak = bench_gui.case_list(ds)
            rss.append(peak)
            return rows

        _step(results, "case list", case_list)
        if rss:
            _step(results, "memory", lambda: bench_gui.memory(ds, rss[0]))
        _step(results, "referral PDF",
              lambda: bench_documents.referral_pdf(3 if quick else 10))
        if bench_exchange.available():
            _step(results, "packets",
                  lambda: bench_exchange.packets(where / "exchange", 50 if quick else 200))
        else:
            results.append(Result("packets export + import", float("nan"), "",
                                   target="≥ 100 packets/s without PDF",
                                   note="exchange exporter/importer not on main yet"))
        if bench_relay.available():
            (where / "relay").mkdir()
            _step(results, "relay", lambda: bench_relay.run(where / "relay", quick))
        else:
            results.append(Result("relay", float("nan"), "", target="reported",
                                  note="PostgreSQL (initdb) or the relay extra not installed"))
    return results, info


def report(results: list[Result], info: dict[str, str], quick: bool, seconds: float) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [START, "",
             f"Run {when}{' (--quick)' if quick else ''}, {seconds / 60:.1f} minutes in all.",
             "", "Machine:", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", table(results), "", "Notes per figure:", ""]
    lines += [f"- {r.figure}: {r.note}" for r in results if r.note]
    lines += ["", END]
    return "\n".join(lines)


def write_doc(block: str, path: Path, start: str = START, end: str = END) -> None:
    """Put `block` between the markers `start` and `end` of `path` (appended when
    they are not there yet); the hand-written text around them is kept."""
    empty = f"# Benchmarks\n\n{start}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else empty
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _old, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="10,000 cases, fewer repeats")
    parser.add_argument("--cases", type=int, help="number of cases (default 100,000)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md",
                        help="markdown file to update ('-' for none)")
    args = parser.parse_args(argv)
    cases = args.cases or (10_000 if args.quick else 100_000)
    start = time.perf_counter()
    results, info = run(cases, args.quick)
    if hasattr(os, "getloadavg"):
        info["load average at end"] = f"{os.getloadavg()[0]:.2f}"
    seconds = time.perf_counter() - start
    block = report(results, info, args.quick, seconds)
    print("\n" + block)
    if str(args.out) != "-":
        write_doc(block, args.out)
        print(f"\nwritten to {args.out}")
    return 1 if any("FAILED" in r.figure for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
