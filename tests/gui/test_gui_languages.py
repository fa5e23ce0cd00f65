"""Every screen in each of the seven languages: nothing clipped, screenshots to look at."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.screening")

from gui_support import screenshot
from test_gui_accessibility import clipped
from test_gui_outcome import scored_case
from test_gui_workflow import interview_until, unlock, window  # noqa: F401

from screening_app.i18n import LANGUAGES, set_language


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screens_in_each_language(qtbot, window, artifacts_dir, lang):  # noqa: F811
    win = window
    unlock(qtbot, win)
    set_language(lang)
    ws = win.workspace
    case_id = scored_case(win.session)
    ws.show_cases()
    assert not clipped(ws.cases), clipped(ws.cases)
    ws.new_interview()
    interview_until(qtbot, win, stop_at="safety")
    assert not clipped(ws.interview), clipped(ws.interview)
    screenshot(win, artifacts_dir, f"lang-{lang}-interview")
    ws.go_to("outcome", case_id, 0)
    assert not clipped(ws.outcome), clipped(ws.outcome)
    screenshot(win, artifacts_dir, f"lang-{lang}-outcome")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_double_text_size_fits_1366_in_each_language(qtbot, window, artifacts_dir,  # noqa: F811
                                                      lang):
    win = window
    unlock(qtbot, win)
    set_language(lang)
    win.workspace.show_settings()
    win.workspace.settings.text_size.setValue(200)
    assert win.workspace.minimumSizeHint().width() <= 1366
    assert not clipped(win.workspace), clipped(win.workspace)
    screenshot(win, artifacts_dir, f"lang-{lang}-settings-200")
