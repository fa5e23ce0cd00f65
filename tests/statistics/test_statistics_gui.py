"""The Statistics screen offscreen: a supervisor sees the protected counts as charts
and writes the PDF, CSV and HTCDS export (each audited); an officer is refused;
the screen in Khmer and Thai is looked at (screenshots in test-artifacts/)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate
from stats_cases import put_cases

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gui"))
from gui_support import screenshot, shown

from screening_app.gui.statistics import StatisticsView
from screening_app.i18n import set_language


@pytest.fixture
def made(data_dir_factory: Any) -> Any:
    made = data_dir_factory()
    with made.open("officer") as session:
        put_cases(session, 40)
    return made


def _period(view: StatisticsView) -> None:
    view.date_from.setDate(QDate(2025, 1, 1))
    view.date_to.setDate(QDate(2025, 3, 31))


def test_supervisor_sees_charts_and_exports(qtbot: Any, made: Any, tmp_path: Path,
                                            artifacts_dir: Path) -> None:
    with made.open("supervisor") as session:
        view = shown(qtbot, StatisticsView(), session)
        assert view.show_button.isEnabled() and view.notice.isHidden()
        _period(view)
        view.refresh()
        assert view.report is not None
        _title, outcome = view.charts["outcome"]
        assert len(outcome.bars) == 4
        shown_total = view.report.total().value
        assert shown_total == 40 and "40" in view.summary.text()
        for label, value, text in view.charts["gender"][1].bars:
            assert (value is None) == (text in ("<11", "x")), label
        screenshot(view, artifacts_dir, "statistics-en")
        for fmt, name in (("pdf", "s.pdf"), ("csv", "s.csv"), ("htcds", "h.csv")):
            told = view.write(fmt, str(tmp_path / name))
            assert told and (tmp_path / name).stat().st_size > 100
        assert "left out" in view.status.text()
        rows = [e for e in session.audit.entries(limit=200)
                if e["action"] == "statistics_export"]
        assert sorted(r["detail"]["format"] for r in rows) == ["csv", "htcds", "pdf"]
        view.clear_private()
        assert view.report is None and view.charts["outcome"][1].bars == []


@pytest.mark.parametrize("lang", ["km", "th", "my"])
def test_screen_in_other_languages(qtbot: Any, made: Any, artifacts_dir: Path,
                                   lang: str) -> None:
    set_language(lang)
    try:
        with made.open("supervisor") as session:
            view = shown(qtbot, StatisticsView(), session)
            _period(view)
            view.refresh()
            assert view.native.isChecked()           # the language's own digits
            months = [label for label, _v, _t in view.charts["month"][1].bars]
            assert len(months) == 3
            if lang == "th":
                assert all("๒๕๖๘" in m for m in months)     # Buddhist Era, Thai digits
            screenshot(view, artifacts_dir, f"statistics-{lang}")
    finally:
        set_language("en")


def test_officer_refused(qtbot: Any, made: Any, tmp_path: Path) -> None:
    with made.open("officer") as session:
        view = shown(qtbot, StatisticsView(), session)
        assert not view.show_button.isEnabled() and not view.pdf_button.isEnabled()
        assert "only a supervisor or an administrator" in view.notice.text()
        view.refresh()
        assert view.report is None
        assert view.write("csv", str(tmp_path / "x.csv")) is None
        assert not (tmp_path / "x.csv").exists()


def test_workspace_button_by_role(qtbot: Any, made: Any) -> None:
    from screening_app.gui.workspace import Workspace

    for user, visible in (("officer", False), ("supervisor", True), ("admin", True)):
        with made.open(user) as session:
            workspace = shown(qtbot, Workspace(), session)
            assert workspace.statistics_button.isVisible() is visible
            if visible:
                workspace.show_statistics()
                assert workspace.pages.currentWidget() is workspace.statistics
                # Opened, it counts this year at once; the made cases are of 2025, so
                # it says on the page that there is nothing to count (no box pops up).
                assert workspace.statistics.report is None
                assert "No case was recorded" in workspace.statistics.summary.text()
                workspace.statistics.date_from.setDate(QDate(2025, 1, 1))
                workspace.statistics.refresh()
                assert workspace.statistics.report.total().value == 40
            workspace.clear_private()
            assert workspace.statistics is None


def test_empty_period_refused_on_screen(qtbot: Any, made: Any, monkeypatch: Any) -> None:
    refused: list[str] = []
    monkeypatch.setattr("screening_app.gui.statistics.show_refusal",
                        lambda _parent, r: refused.append(r.message))
    with made.open("supervisor") as session:
        view = shown(qtbot, StatisticsView(), session)
        view.date_from.setDate(QDate(2030, 1, 1))
        view.date_to.setDate(QDate(2030, 2, 1))
        view.refresh()
        assert view.report is None and refused and "No case was recorded" in refused[0]
    assert date(2030, 1, 1)
