"""The Qt binding must not drop references to None (PySide6 6.12.0 does, on every
void call under Python 3.11, and the program dies after ~20,000 calls with
"Fatal Python error: none_dealloc"). pyproject.toml pins a version without it."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_calls_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i % 2))
        label.setVisible(False)
    assert sys.getrefcount(None) >= before - 50      # a leak would be -4,000
