"""Programs the benchmarks run as whole processes (start time, peak memory).

    python -m benchmarks.children bare-window          # the reference window
    python -m benchmarks.children bare-window-rss      # same, prints peak RSS
    python -m benchmarks.children plain-window         # the floor: an unlock-like window
    python -m benchmarks.children startup-phases DATA_DIR  # where our start-up goes
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
from typing import Any


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


def _drawn_then_quit(app: Any, base: Any) -> Any:
    """A widget class on `base` that leaves the event loop once it has been painted,
    as our unlock screen does under `gui --smoke` (a Python paintEvent, then quit on
    the next turn of the event loop)."""
    from PySide6.QtCore import QTimer

    class Drawn(base):
        def paintEvent(self, event: Any) -> None:
            super().paintEvent(event)
            QTimer.singleShot(0, app.quit)

    return Drawn


def bare_window(report_rss: bool) -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = _drawn_then_quit(app, QWidget)()
    window.resize(900, 640)
    window.show()
    app.exec()
    print(json.dumps({"peak_rss_mb": _peak_rss_mb()} if report_rss else {}))


def plain_window() -> None:
    """The floor of any program like ours: PySide6 with the widgets of an unlock
    screen (labels, a combo box, line edits, a button, Qt's enums, text drawn with
    the system's fonts), none of the program's own code."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QFormLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QPushButton,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    card = _drawn_then_quit(app, QWidget)()
    form = QFormLayout(card)
    title = QLabel("Screening and Referral")
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    language = QComboBox()
    language.addItem("English", "en")
    user = QComboBox()
    user.setEditable(True)
    passphrase = QLineEdit()
    passphrase.setEchoMode(QLineEdit.EchoMode.Password)
    form.addRow(title)
    form.addRow("Language", language)
    form.addRow("User", user)
    form.addRow("Passphrase", passphrase)
    form.addRow(QPushButton("Unlock"))
    window.setCentralWidget(card)
    window.resize(1280, 720)
    window.show()
    app.exec()
    print("{}")


def startup_phases(data_dir: str) -> None:
    """The GUI's own start-up, step by step (CPU ms): imports, preparing Qt, building
    the unlock window, the first paint."""
    marks: list[tuple[str, float]] = [("start", time.process_time())]

    def mark(name: str) -> None:
        marks.append((name, time.process_time()))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication  # noqa: F401 - timed: PySide6 itself

    mark("PySide6 (QtCore, QtGui, QtWidgets)")
    import screening_app.cli  # noqa: F401

    mark("command line")
    from screening_app.gui import app as gui_app

    app = gui_app.create_application()
    mark("QApplication")
    gui_app.prepare(app, first=True)
    mark("style sheet, fonts of the language in use")
    from pathlib import Path

    from screening_app.gui.main_window import MainWindow

    mark("importing the window's modules")
    window = MainWindow(Path(data_dir))
    mark("building the unlock window")
    window.unlock_view.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))  # as --smoke
    window.show()
    app.exec()
    mark("showing and first paint")
    phases = {name: (t - marks[i][1]) * 1000 for i, (name, t) in enumerate(marks[1:])}
    print(json.dumps({"phases_ms": phases}))


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
    from screening_app.gui.app import prepare, settle_heap
    from screening_app.gui.cases import CasesView
    from screening_app.storage import Session

    app = QApplication(sys.argv[:1])
    prepare(app)
    settle_heap()                # as the program does after its first window
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
    elif what == "plain-window":
        plain_window()
    elif what == "startup-phases":
        startup_phases(argv[1])
    elif what == "case-list":
        case_list(argv[1])
    else:
        raise SystemExit(f"unknown child {what}")


if __name__ == "__main__":
    main(sys.argv[1:])
