"""Start-up time: `screening-app --smoke` (unlock window shown, then exit) against a
bare PySide6 window shown and closed the same way. Target: at most 1.5 times."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""
RUNS = 5


def _seconds(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as data:
        bare = statistics.median(_seconds([sys.executable, "-c", BARE]) for _ in range(RUNS))
        ours = statistics.median(
            _seconds([sys.executable, "-m", "screening_app", "--smoke", "--data-dir", data])
            for _ in range(RUNS))
    ratio = ours / bare
    print(f"bare PySide6 window: {bare:.3f} s; unlock window: {ours:.3f} s; "
          f"ratio {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
