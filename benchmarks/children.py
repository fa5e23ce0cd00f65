"""Programs the benchmarks run as whole processes (start time, peak memory).

    python -m benchmarks.children bare-window          # the reference window
    python -m benchmarks.children bare-window-rss      # same, prints peak RSS
    python -m benchmarks.children case-list DATA_DIR   # our case list on every case

Each prints one JSON line on stdout. The passphrase of the synthetic data
directory comes from benchmarks.dataset (synthetic data only).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from collections.abc import Callable


def _peak_rss_mb() -> float:
    # VmHWM belongs to this program's own memory map; ru_maxrss on Linux keeps the
    # peak of the forking parent (the benchmark process holding the dataset).
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    # Linux reports KiB, macOS bytes
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def bare_window(report_rss: bool) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(900, 640)
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()
    print(json.dumps({"peak_rss_mb": _peak_rss_mb()} if report_rss else {}))


def _paint_counter() -> type:
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return Counter


def case_list(data_dir: str) -> None:
    """Open the cases screen on every case, time the first rows, then drag the
    scrollbar to the end again and again (each reveal fetches a page) and time
    every frame; finally report the peak RSS with all rows loaded."""
    from PySide6.QtWidgets import QApplication

    from benchmarks.dataset import PASSPHRASE, USER
    from screening_app.gui.app import prepare
    from screening_app.gui.cases import CasesView
    from screening_app.storage import Session

    app = QApplication(sys.argv[:1])
    prepare(app)
    PaintCounter = _paint_counter()
    session = Session.open(data_dir, USER, PASSPHRASE)
    view = CasesView()
    view.resize(1100, 760)
    view.show()
    app.processEvents()

    start = time.perf_counter()
    view.set_session(session)
    app.processEvents()
    view.table.viewport().repaint()
    first_rows_ms = (time.perf_counter() - start) * 1000
    shown = view.model.rowCount()

    bar = view.table.verticalScrollBar()
    viewport = view.table.viewport()
    painted = PaintCounter()
    viewport.installEventFilter(painted)

    def frame(move: Callable[[], None]) -> float:
        """One frame: the scroll, everything Qt does for it (fetch, layout), and
        one paint of the table (Qt's own if it painted, else a forced one)."""
        start = time.perf_counter()
        before = painted.count
        move()
        app.processEvents()
        if painted.count == before:
            viewport.repaint()
        return (time.perf_counter() - start) * 1000

    gc_pauses: list[float] = []
    gc_started: list[float] = []

    def gc_timer(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[:] = [time.perf_counter()]
        elif gc_started:
            gc_pauses.append((time.perf_counter() - gc_started[0]) * 1000)

    gc.callbacks.append(gc_timer)
    frames: list[float] = []
    total = view.model.total
    deadline = time.monotonic() + float(os.environ.get("BENCH_SCROLL_SECONDS", "300"))
    while time.monotonic() < deadline:
        # the user drags the thumb to the bottom: each time a page is fetched
        frames.append(frame(lambda: bar.setValue(bar.maximum())))
        if view.model.rowCount() >= total and bar.value() == bar.maximum():
            break
    # then page up through the loaded rows, a frame per page (no fetching)
    page_frames = [frame(lambda: bar.setValue(bar.value() - bar.pageStep()))
                   for _ in range(200)]
    loaded = view.model.rowCount()
    rss = _peak_rss_mb()
    view.model.clear()
    session.close()
    print(json.dumps({"first_rows_ms": first_rows_ms, "first_rows": shown, "total": total,
                      "loaded": loaded, "frames_ms": frames, "page_frames_ms": page_frames,
                      "peak_rss_mb": rss, "gc_pauses_ms": sorted(gc_pauses)[-5:]}))


def main(argv: list[str]) -> None:
    what = argv[0]
    if what == "bare-window":
        bare_window(report_rss=False)
    elif what == "bare-window-rss":
        bare_window(report_rss=True)
    elif what == "case-list":
        case_list(argv[1])
    else:
        raise SystemExit(f"unknown child {what}")


if __name__ == "__main__":
    main(sys.argv[1:])
