"""The program's shell: start-up, unlock screen, language switch, locks, text size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gui_support import screenshot
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from screening_app.gui.locking import IdleWatcher
from screening_app.gui.main_window import MainWindow
from screening_app.gui.settings import apply_text_size
from screening_app.i18n import current_language

pytestmark = pytest.mark.usefixtures("english_again")


def test_gui_smoke_command_exits_zero(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "screening_app", "--smoke", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr


def test_unlock_screen_offers_every_language_before_login(qtbot, tmp_path, artifacts_dir):
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    unlock = window.unlock_view
    assert window.current_screen() is unlock
    assert unlock.language.count() == 7
    unlock.language.setCurrentIndex(unlock.language.findData("km"))
    assert current_language() == "km"
    screenshot(window, artifacts_dir, "unlock-km")
    unlock.language.setCurrentIndex(unlock.language.findData("en"))
    screenshot(window, artifacts_dir, "unlock")
    assert "Screening" not in window.windowTitle() or "Locked" not in window.windowTitle()


def test_panic_key_shows_neutral_screen(qtbot, tmp_path, artifacts_dir):
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert window.current_screen() is window.neutral
    assert window.windowTitle() == "Locked"
    screenshot(window, artifacts_dir, "neutral")
    qtbot.mouseClick(window.neutral.button, Qt.MouseButton.LeftButton)
    assert window.current_screen() is window.unlock_view


def test_idle_watcher_fires_only_without_activity(qtbot):
    watcher = IdleWatcher()
    watcher.set_minutes(0.004)          # about a quarter of a second
    watcher.arm()                       # (it listens to the application while armed)
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass
    assert not watcher.armed
    watcher.disarm()
    with qtbot.assertNotEmitted(watcher.idle, wait=100):
        pass


def test_double_text_size_fits_a_small_laptop_screen(qtbot, tmp_path, artifacts_dir):
    apply_text_size(200)
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    hint = window.unlock_view.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
    unlock = window.unlock_view
    # Nothing clipped: every label gets at least the height its text needs.
    for label in (unlock.title, unlock.user_label, unlock.passphrase_label):
        assert label.height() >= label.sizeHint().height()
    screenshot(window, artifacts_dir, "unlock-200")
