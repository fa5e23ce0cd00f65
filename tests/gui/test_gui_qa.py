"""Found by walking the program as a newcomer (QA): each test failed before its fix."""

from __future__ import annotations

from gui_support import prepared_app
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from screening_app.gui.main_window import MainWindow


def test_panic_key_works_while_a_dialog_has_the_focus(qtbot, tmp_path):
    prepared_app()
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.show()
    # e.g. the non-modal "Packet exported" box, left open on top of the referral
    box = QMessageBox(QMessageBox.Icon.Information, "x", "x", QMessageBox.StandardButton.Ok,
                      window)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_F12)
    assert window.current_screen() is window.neutral
    assert not box.isVisible()
