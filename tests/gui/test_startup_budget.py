"""What the first window may cost, counted instead of timed (timings live in
benchmarks/): the Python enums PySide6 builds before the unlock screen is drawn.

PySide6 builds every enum of a Qt class the first time that class is reached from
Python. Three mistakes made the first window 1.5-1.8 times slower than it is now,
each invisible in a review: importing `Qt` at the top of a module of the first
window (93 enums), asking for the style from Python (11), and an application-wide
Python event filter installed before the first paint (about 150: it meets every
class of object and event). docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from screening_app.gui.enums import TEXT_EXPAND_TABS, set_enum_property
from screening_app.gui.locking import IdleWatcher

# Today 62 up to the first paint, 33 of them made by importing PySide6 itself.
ENUM_BUDGET = 70

_PROBE = r"""
import enum, json, sys
made = []
_create = enum.EnumType.__dict__["_create_"]
def counting(cls, class_name, *args, **kwargs):
    made.append(class_name)
    return _create(cls, class_name, *args, **kwargs)
enum.EnumType._create_ = counting

from PySide6 import QtCore
from screening_app.gui import unlock
paint = unlock.UnlockView.paintEvent
def first_paint(self, event):
    if not self._painted:
        print(json.dumps({"enums": made, "qt_namespace": "Qt" in vars(QtCore)}),
              file=sys.__stdout__, flush=True)
    paint(self, event)
unlock.UnlockView.paintEvent = first_paint

from screening_app.cli import main
sys.exit(main(["gui", "--smoke", "--data-dir", sys.argv[1]]))
"""


@pytest.fixture(scope="module")
def first_window(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """`gui --smoke` as a user starts it, reporting at its first paint."""
    data_dir = tmp_path_factory.mktemp("first-window")
    run = subprocess.run([sys.executable, "-c", _PROBE, str(data_dir)], capture_output=True,
                         text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, run.stdout              # drawn once before --smoke left
    report: dict[str, object] = json.loads(lines[0])
    report["stderr"] = run.stderr
    return report


def test_the_first_window_is_drawn_without_building_the_qt_namespace(first_window):
    assert first_window["qt_namespace"] is False


def test_the_first_window_builds_few_enums(first_window):
    made = first_window["enums"]
    assert isinstance(made, list)
    assert len(made) <= ENUM_BUDGET, f"{len(made)} enum classes before the first paint: {made}"
    assert "PixelMetric" not in made                 # QStyle's: the style asked from Python


def test_smoke_start_says_nothing(first_window):
    assert first_window["stderr"] == ""


def test_the_constant_is_qts_own():
    assert TEXT_EXPAND_TABS == Qt.TextFlag.TextExpandTabs.value


def test_enum_properties_are_set_by_name_and_typos_are_refused(qapp):
    label = QLabel()
    set_enum_property(label, "alignment", "AlignLeft|AlignTop")
    assert label.alignment() == Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
    with pytest.raises(ValueError):
        set_enum_property(label, "alignment", "AlignMiddle")
    with pytest.raises(ValueError):
        set_enum_property(label, "alinment", "AlignLeft")


class _CountingWatcher(IdleWatcher):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
        self.seen += 1
        return super().eventFilter(watched, event)


def test_the_idle_watcher_listens_only_while_armed(qtbot):
    """Armed, activity keeps it from firing (it installed itself on the
    application); disarmed, it is gone from the application's filters."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    def move() -> QMouseEvent:
        return QMouseEvent(QEvent.Type.MouseMove, QPointF(1, 1), QPointF(1, 1),
                           Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                           Qt.KeyboardModifier.NoModifier)

    watcher = _CountingWatcher()
    watcher.set_minutes(0.005)                       # 300 ms
    target = QLabel()
    qtbot.addWidget(target)
    QApplication.sendEvent(target, move())
    assert watcher.seen == 0                         # not yet armed: not listening
    watcher.arm()
    try:
        with qtbot.assertNotEmitted(watcher.idle, wait=100):
            for _ in range(12):                      # a mouse move every 50 ms
                QApplication.sendEvent(target, move())
                qtbot.wait(50)
        assert watcher.armed
    finally:
        watcher.disarm()
    assert watcher.seen >= 12
    seen = watcher.seen
    QApplication.sendEvent(target, move())
    assert watcher.seen == seen


_SETTLED = r"""
import gc, json, sys, weakref
from pathlib import Path
from PySide6.QtCore import QTimer
from screening_app.gui.app import create_application, run_gui

gc.disable()                       # so that only an explicit collection frees it
class Node: pass
node = Node(); node.me = node      # garbage in a cycle, left before the window opens
garbage = weakref.ref(node); del node
app = create_application()
seen = {}
tries = iter(range(100))           # up to 10 s on a slow machine; nothing unlocked
def look():
    if gc.get_freeze_count() == 0 and next(tries, None) is not None:
        QTimer.singleShot(100, look)
        return
    seen.update(frozen=gc.get_freeze_count(), garbage_kept=garbage() is not None)
    app.quit()
QTimer.singleShot(100, look)
run_gui(Path(sys.argv[1]), None)
print(json.dumps(seen))
"""


def test_what_the_first_window_built_is_out_of_the_collectors_way(tmp_path):
    """The program freezes its heap once after the first window (full collections
    then skip the ~55,000 objects of its code: a long case list scrolls without a
    90 ms frame), and collects first, so no garbage is kept for good."""
    run = subprocess.run([sys.executable, "-c", _SETTLED, str(tmp_path)], capture_output=True,
                         text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["frozen"] > 10_000
    assert seen["garbage_kept"] is False
