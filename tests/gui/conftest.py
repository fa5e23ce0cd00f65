"""Fixtures of the GUI tests."""

from __future__ import annotations

import pytest
from gui_support import prepared_app


@pytest.fixture
def english_again(qapp):  # type: ignore[no-untyped-def]
    """The program's fonts and style; English at 100 % again after the test."""
    from screening_app.gui.settings import apply_text_size
    from screening_app.i18n import set_language

    prepared_app()
    yield
    set_language("en")
    apply_text_size(100)


@pytest.fixture(autouse=True)
def widgets_deleted(qapp):  # type: ignore[no-untyped-def]
    """Delete the widgets a test leaves closed (pytest-qt closes them and calls
    deleteLater, but no event loop runs between tests to delete them): otherwise
    every later change of text size or language restyles thousands of dead
    widgets (a text-size test took 20 s instead of half a second)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
