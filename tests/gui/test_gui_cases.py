"""Case list: lazy paging, incremental search in any script, filters."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")  # runs once the storage layer is merged

from gui_support import prepared_app, screenshot, type_text

from screening_app.domain import Consent, Person
from screening_app.gui.case_table import PAGE
from screening_app.gui.cases import CasesView

NAMES = [("សុខ", "ចាន់", "Sok Chan"), ("ສົມ", "ພອນ", "Som Phone"), ("အောင်", "မြင့်", "Aung Myint"),
         ("สมชาย", "ใจดี", "Somchai Jaidee"), ("伟", "王", "Wang Wei"),
         ("Thị Hoa", "Nguyễn", "Nguyen Thi Hoa")]


def _fill(session, count: int) -> None:
    consent = Consent(interview=True, record=True)
    for i in range(count):
        given, family, latin = NAMES[i % len(NAMES)]
        session.cases.create(Person(given_name=given, family_name=family, latin_name=latin),
                             consent)


def _view(qtbot, session) -> CasesView:
    prepared_app()
    view = CasesView()
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.set_session(session)
    view.show()
    return view


def test_case_list_loads_pages_as_the_user_scrolls(qtbot, session, artifacts_dir):
    _fill(session, PAGE + 50)
    view = _view(qtbot, session)
    assert view.model.rowCount() == PAGE
    assert view.model.canFetchMore()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == PAGE + 50)
    assert not view.model.canFetchMore()
    qtbot.waitUntil(lambda: view.count.text() == f"{PAGE + 50} cases")  # counted after paint
    view.table.scrollToTop()
    screenshot(view, artifacts_dir, "cases")


def test_search_finds_a_khmer_name_typed_with_an_input_method(qtbot, session, artifacts_dir):
    _fill(session, 12)
    view = _view(qtbot, session)
    type_text(view.search, "ចាន់")
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=3000)
    names = {view.model.index(r, 1).data() for r in range(view.model.rowCount())}
    assert names == {"ចាន់ សុខ (Sok Chan)"}
    screenshot(view, artifacts_dir, "cases-search-km")


def test_vietnamese_search_works_without_diacritics(qtbot, session):
    _fill(session, 6)
    view = _view(qtbot, session)
    view.search.setText("nguyen")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)


def test_draft_filter_and_resume_button(qtbot, session):
    _fill(session, 3)
    view = _view(qtbot, session)
    view.status.setCurrentIndex(view.status.findData("Closed"))
    assert view.model.rowCount() == 0
    view.status.setCurrentIndex(view.status.findData("Active"))
    assert view.model.rowCount() == 3
    view.table.selectRow(0)
    assert view.open_button.isEnabled()
    assert view.resume_button.isEnabled()        # a new case is a draft
    with qtbot.waitSignal(view.resume_case) as signal:
        view.resume_button.click()
    assert signal.args[0] == view.model.case_id(0)


def test_an_administrator_is_told_why_no_case_is_shown(qtbot, data_dir_factory):
    made = data_dir_factory()
    admin = made.open("admin")
    try:
        view = _view(qtbot, admin)
        assert view.model.rowCount() == 0
        assert "Administrators" in view.count.text()
        assert not view.new_button.isEnabled()
    finally:
        admin.close()


def test_an_empty_device_says_how_to_start(qtbot, session):
    view = _view(qtbot, session)
    qtbot.waitUntil(lambda: view.empty.isVisibleTo(view))     # counted after the rows
    assert "New interview" in view.empty.text()
    _fill(session, 1)
    view.refresh()
    assert not view.empty.isVisibleTo(view)
