"""Unlock screen against a real encrypted data directory."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")  # runs once the storage layer is merged

from gui_support import prepared_app, screenshot
from PySide6.QtCore import Qt

from screening_app.gui.unlock import UnlockView


def test_unlock_lists_vault_users_and_refuses_a_wrong_passphrase(
        qtbot, data_dir_factory, artifacts_dir):
    prepared_app()
    made = data_dir_factory()
    view = UnlockView(made.path)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitUntil(lambda: view.user.count() == 3)   # listed once the window is up
    names = [view.user.itemText(i) for i in range(view.user.count())]
    assert names == ["admin", "officer", "supervisor"]
    view.user.setCurrentText("officer")
    qtbot.keyClicks(view.passphrase, "not the passphrase")
    with qtbot.assertNotEmitted(view.unlocked):
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    assert "Wrong passphrase" in view.feedback.text()
    assert "Failed attempts: 1" in view.feedback.text()
    assert view.passphrase.text() == ""          # never kept
    screenshot(view, artifacts_dir, "unlock-wrong-passphrase")


def test_unlock_with_the_right_passphrase_opens_a_session(qtbot, data_dir_factory):
    made = data_dir_factory()
    view = UnlockView(made.path, user="officer")
    qtbot.addWidget(view)
    qtbot.keyClicks(view.passphrase, made.passphrases["officer"])
    with qtbot.waitSignal(view.unlocked) as signal:
        qtbot.mouseClick(view.button, Qt.MouseButton.LeftButton)
    session = signal.args[0]
    try:
        assert session.user.name == "officer"
        assert view.feedback.text() == ""
    finally:
        session.close()


def test_repeated_failures_disable_unlock_with_a_countdown(qtbot, data_dir_factory,
                                                          artifacts_dir):
    made = data_dir_factory()
    view = UnlockView(made.path, user="officer")
    qtbot.addWidget(view)
    view.show()
    for _ in range(3):               # after the third failure the next try waits 1 s
        qtbot.keyClicks(view.passphrase, "wrong passphrase")
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    assert "Failed attempts: 3" in view.feedback.text()
    assert "try again in" in view.feedback.text()
    assert not view.button.isEnabled()
    screenshot(view, artifacts_dir, "unlock-slowed-down")
    qtbot.waitUntil(view.button.isEnabled, timeout=5000)
