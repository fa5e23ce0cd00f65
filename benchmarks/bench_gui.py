"""The desktop program: start to unlock window, the case list on every case,
peak memory. Whole processes, offscreen (QT_QPA_PLATFORM=offscreen)."""

from __future__ import annotations

import sys

from benchmarks.common import Result, child_env, child_json, median, percentile, run_child
from benchmarks.dataset import Dataset


def start_window(ds: Dataset, runs: int) -> Result:
    env = child_env()
    ours_cmd = [sys.executable, "-m", "screening_app", "gui", "--smoke", "--data-dir",
                str(ds.data_dir)]
    bare_cmd = [sys.executable, "-m", "benchmarks.children", "bare-window"]
    # one warm-up each (page cache), then alternate so drift hits both sides
    run_child(ours_cmd, env)
    run_child(bare_cmd, env)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        ours.append(run_child(ours_cmd, env)[0])
        bare.append(run_child(bare_cmd, env)[0])
    r = Result("start to unlock window shown (whole process, --smoke)", median(ours), "s",
               median(bare), "bare PySide6 program showing one empty window",
               target="≤ 1.5×", note=f"{runs} runs each, alternating")
    r.met = (r.ratio or 99) <= 1.5
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
