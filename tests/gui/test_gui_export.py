"""The referral screen exports a packet to an agency whose key card was imported;
the Exchange page opens with the session and is dropped at a lock."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.gui.exchange_panel")   # runs once exchange is merged

from gui_support import screenshot, shown
from test_gui_outcome import scored_case
from test_gui_workflow import unlock, window  # noqa: F401

from screening_app.gui.referral import ReferralView


def _partner_card(data_dir_factory) -> bytes:
    from screening_app.exchange.directory import AgencyDirectory

    partner = data_dir_factory("partner", agency_name="Shelter Phnom Penh", country="KH",
                               agency_type="Shelter")
    with partner.open("officer") as session:
        return AgencyDirectory(session).own_card().to_bytes()


def test_export_queues_a_packet_for_an_agency_with_a_card(qtbot, data_dir_factory,
                                                           artifacts_dir):
    from screening_app.exchange.directory import AgencyDirectory

    card = _partner_card(data_dir_factory)
    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    session = made.open("officer")
    try:
        imported = AgencyDirectory(session).import_card(card, verified=True)
        view = shown(qtbot, ReferralView(), session)
        case_id = scored_case(session)
        view.open_case(case_id)
        row = next(i for i, a in enumerate(view.shown) if a.id == imported.agency_id)
        view.list.setCurrentRow(row)
        view.save_button.click()
        assert view.export_button.isEnabled()
        view.export_button.click()
        referral = session.cases.get(case_id).referrals[-1]
        assert referral.status.value == "exported" and referral.packet_id
        screenshot(view, artifacts_dir, "referral-exported")
    finally:
        session.close()


def test_exchange_page_opens_and_is_dropped_at_a_lock(qtbot, window, artifacts_dir):  # noqa: F811
    win = window
    unlock(qtbot, win)
    win.workspace.exchange_button.click()
    assert win.workspace.pages.currentWidget() is win.workspace.exchange
    screenshot(win, artifacts_dir, "exchange")
    win.panic_lock()
    assert win.workspace.exchange is None
