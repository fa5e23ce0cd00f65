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
