"""Helpers for the GUI tests: screenshots and typing any script."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def prepared_app() -> QApplication:
    """The test QApplication with the program's fonts and style (once)."""
    from screening_app.gui.app import prepare

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if not app.property("sr_prepared"):
        prepare(app)
        app.setProperty("sr_prepared", True)
    return app


def screenshot(widget: QWidget, artifacts: Path, name: str) -> Path:
    """Save a PNG of `widget` for a person to look at."""
    QApplication.processEvents()
    path = artifacts / f"gui-{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` (any script) the way an input method does: keyClicks aborts on
    non-ASCII, so send a QInputMethodEvent with a commit string."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()
