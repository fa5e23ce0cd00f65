"""What every benchmark shares: timing, statistics, the machine description and
one row of the results table."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    """One row of docs/benchmarks.md: our figure beside its reference."""

    figure: str
    ours: float                       # in `unit`
    unit: str                         # "ms", "s", "MB", "KB", "packets/s"
    reference: float | None = None    # same unit, measured in the same run
    reference_name: str = "—"
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.reference is None or self.reference == 0:
            return None
        return self.ours / self.reference


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return float(ordered[rank - 1])


def time_calls(call: Callable[[], Any], repeat: int) -> list[float]:
    """Wall time of each call, in milliseconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def run_child(args: list[str], env: dict[str, str] | None = None,
              timeout: float = 600) -> tuple[float, str]:
    """Run a whole process; (wall seconds, stdout). Raises on a non-zero exit."""
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{args[:4]} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed, done.stdout


def child_json(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    _elapsed, out = run_child([sys.executable, "-m", "benchmarks.children", *args], env=env)
    return dict(json.loads(out.strip().splitlines()[-1]))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    import sqlite3

    from sqlcipher3 import dbapi2 as sqlcipher

    ram = _ram_gib()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": f"{ram:.1f} GiB" if ram else "unknown",
        "load average at start": f"{load[0]:.2f}",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLCipher (SQLite)": f"sqlcipher3 {_version('sqlcipher3')} "
                              f"(SQLite {sqlcipher.sqlite_version})",
        "plain SQLite (reference)": f"the same SQLite {sqlcipher.sqlite_version} without a key "
                                    f"(the standard library's SQLite {sqlite3.sqlite_version} "
                                    "cannot read the search index's FTS5 options)",
        "PySide6": _version("PySide6-Essentials"),
        "ReportLab": _version("reportlab"),
        "uharfbuzz": _version("uharfbuzz"),
        "pyrage": _version("pyrage"),
        "cryptography": _version("cryptography"),
    }


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def table(results: list[Result]) -> str:
    lines = ["| figure | reference | ours | ratio | target | met? |",
             "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        ref = r.reference_name if r.reference is None else \
            f"{r.reference_name}: {fmt(r.reference, r.unit)}"
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        met = {True: "yes", False: "**no**", None: "—"}[r.met]
        lines.append(f"| {r.figure} | {ref} | {fmt(r.ours, r.unit)} | {ratio} | {r.target} "
                     f"| {met} |")
    return "\n".join(lines)
