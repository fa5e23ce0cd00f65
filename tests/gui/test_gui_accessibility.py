"""Text size 200 % at 1366×768, accessible names, visible focus."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")

from gui_support import screenshot
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget
from test_gui_workflow import ANSWERS, interview_until, unlock, window  # noqa: F401


def clipped(root: QWidget) -> list[str]:
    """Visible labels, buttons and case references whose text does not fit (the one
    check the gallery and `make screenshots` use too)."""
    from screening_app.gui.gallery import clipped as cut_off

    QApplication.processEvents()          # let pending layout requests run
    return cut_off(root)


def test_double_text_size_clips_nothing_at_1366x768(qtbot, window, artifacts_dir):  # noqa: F811
    win = window
    unlock(qtbot, win)
    win.workspace.show_settings()
    win.workspace.settings.text_size.setValue(200)       # as the officer does
    assert win.workspace.settings.labels[0].font().pointSizeF() >= 17
    win.workspace.show_cases()
    assert win.workspace.cases.count.font().pointSizeF() >= 17
    assert not clipped(win.workspace.cases), clipped(win.workspace.cases)
    screenshot(win, artifacts_dir, "cases-200")
    win.workspace.new_button.click()
    interview_until(qtbot, win, stop_at="consent")
    page = win.workspace.interview
    assert ANSWERS and not clipped(page), clipped(page)
    assert page.minimumSizeHint().width() <= 1366
    screenshot(win, artifacts_dir, "interview-200")


def test_every_control_has_an_accessible_name(qtbot, window):  # noqa: F811
    win = window
    unlock(qtbot, win)
    assert win.unlock_view.minimumSizeHint().height() <= 768
    unnamed = [type(w).__name__ for w in win.workspace.cases.findChildren(QWidget)
               if isinstance(w, QLineEdit | QComboBox) and w.isVisibleTo(win)
               and not w.accessibleName() and not isinstance(w.parent(), QComboBox)]
    assert unnamed == []
