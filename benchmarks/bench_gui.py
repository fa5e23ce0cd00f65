"""The desktop program: start to unlock window, the case list on every case,
peak memory. Whole processes, offscreen (QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

import compileall
import sys
from pathlib import Path

import screening_app
from benchmarks.common import Result, child_env, child_json, median, percentile, run_child
from benchmarks.dataset import Dataset


def start_window(ds: Dataset, runs: int) -> Result:
    """Whole processes, alternating: ours (`gui --smoke`), the bare window, and the
    floor (PySide6 with an unlock-like window, none of our code)."""
    env = child_env()
    cmds = {
        "ours": [sys.executable, "-m", "screening_app", "gui", "--smoke", "--data-dir",
                 str(ds.data_dir)],
        "bare": [sys.executable, "-m", "benchmarks.children", "bare-window"],
        "floor": [sys.executable, "-m", "benchmarks.children", "plain-window"],
    }
    # Bytecode as an installed program has it (pip compiles on install; PySide6's
    # is there already): without it, with PYTHONDONTWRITEBYTECODE set or a fresh
    # checkout, every start of ours would compile our modules again.
    for package in (Path(screening_app.__file__).parent, Path(__file__).parent):
        compileall.compile_dir(package, quiet=1)
    for cmd in cmds.values():        # one warm-up each (page cache)
        run_child(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(runs):            # alternate so drift hits every side
        for name, cmd in cmds.items():
            times[name].append(run_child(cmd, env)[0])
    phases = child_json(["startup-phases", str(ds.data_dir)], env)["phases_ms"]
    bare, floor = median(times["bare"]), median(times["floor"])
    r = Result("start to unlock window drawn (whole process, --smoke)", median(times["ours"]),
               "s", bare, "bare PySide6 program drawing one empty window",
               target="≤ 1.5×",
               note=f"{runs} runs each, alternating; the floor (PySide6 with an unlock-like "
                    f"window, none of our code) {floor:.3f} s = {floor / bare:.2f}× the bare "
                    "window; our start-up, CPU ms: "
                    + ", ".join(f"{name} {ms:.0f}" for name, ms in phases.items()))
    r.met = (r.ratio or 99) <= 1.5
    r.extra["floor_s"] = floor
    r.extra["phases_ms"] = phases
    return r


def case_list(ds: Dataset) -> tuple[list[Result], float]:
    env = child_env()
    got = child_json(["case-list", str(ds.data_dir)], env)
    frames = list(got["frames_ms"])
    page_frames = list(got["page_frames_ms"])
    first = Result(f"case list on {got['total']:,} cases: first rows shown", got["first_rows_ms"],
                   "ms", target="≤ 200 ms",
                   note=f"{got['first_rows']} rows in the first page")
    first.met = first.ours <= 200
    worst = Result("case list: slowest frame while dragging the scrollbar to the end",
                   max(frames), "ms", target="no frame over 50 ms",
                   note=f"{len(frames)} frames until all {got['loaded']:,} rows were loaded; "
                        f"median {median(frames):.1f} ms, p95 {percentile(frames, 95):.1f} ms; "
                        f"longest garbage-collector pauses "
                        f"{', '.join(f'{g:.0f}' for g in got.get('gc_pauses_ms', []))} ms")
    worst.met = worst.ours <= 50
    paging = Result("case list: slowest frame paging back through loaded rows",
                    max(page_frames), "ms", target="no frame over 50 ms",
                    note=f"{len(page_frames)} page-up frames, median "
                         f"{median(page_frames):.1f} ms")
    paging.met = paging.ours <= 50
    worst.extra["frames_ms"] = frames
    return [first, worst, paging], float(got["peak_rss_mb"])


def memory(ds: Dataset, list_rss_mb: float) -> Result:
    bare = child_json(["bare-window-rss"], child_env())["peak_rss_mb"]
    r = Result(f"peak RSS with all {ds.cases:,} cases loaded in the case list", list_rss_mb,
               "MB", float(bare), "bare PySide6 window",
               target="≤ 250 MB above the reference",
               note=f"{list_rss_mb - bare:.0f} MB above the reference")
    r.met = list_rss_mb - bare <= 250
    return r
