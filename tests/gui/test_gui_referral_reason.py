"""The referral step asks why the person is referred (HTCDS reason and details): the
choice is saved with the referral, printed on the PDF in the form's languages and
carried by the packet; the words follow the interface language."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.exchange.directory")

from gui_support import screenshot, shown, type_text
from test_gui_outcome import scored_case

from screening_app.domain import ReferralReason
from screening_app.gui.referral import ReferralView
from screening_app.i18n import set_language

DETAILS = "ត្រូវការកន្លែងស្នាក់នៅ"        # "needs a place to stay" (Khmer)


def test_reason_and_details_are_saved_printed_and_sent(qtbot, data_dir_factory, tmp_path,
                                                       monkeypatch, artifacts_dir):
    from PySide6.QtWidgets import QFileDialog

    from screening_app.exchange.directory import AgencyDirectory
    from screening_app.exchange.importer import Importer
    from tests.documents.documents_samples import pdftotext

    partner = data_dir_factory("partner", agency_name="Shelter Phnom Penh", country="KH",
                               agency_type="NGO", agency_service="Shelter")
    with partner.open("officer") as other:
        partner_card = AgencyDirectory(other).own_card().to_bytes()
    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    session = made.open("officer")
    try:
        imported = AgencyDirectory(session).import_card(partner_card, verified=True)
        own_card = AgencyDirectory(session).own_card().to_bytes()
        view = shown(qtbot, ReferralView(), session)
        case_id = scored_case(session)
        view.open_case(case_id)
        assert view.reason.currentData() == ReferralReason.ADDITIONAL_SERVICES.value
        view.list.setCurrentRow(next(i for i, a in enumerate(view.shown)
                                     if a.id == imported.agency_id))
        view.reason.setCurrentIndex(view.reason.findData("MigrationOrChangeOfLocation"))
        type_text(view.details, DETAILS)
        view.save_button.click()
        saved = session.cases.get(case_id).referrals[-1]
        assert saved.reason is ReferralReason.MIGRATION_OR_MOVE and saved.details == DETAILS
        screenshot(view, artifacts_dir, "referral-reason")

        target = tmp_path / "referral.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, **k: (str(target), ""))
        view.print_button.click()
        text = "".join(pdftotext(target.read_bytes(), tmp_path).split())
        assert "Migrationorchangeoflocation" in text and DETAILS in text

        view.export_button.click()
        packet_id = session.cases.get(case_id).referrals[-1].packet_id
        data = bytes(session.database.query(
            "SELECT data FROM exchange_outbox WHERE packet_id = ?", (packet_id,))[0][0])
    finally:
        session.close()
    # the receiving agency records why the person came (cas_ReasonForIncomingReferral...)
    with partner.open("officer") as other:
        AgencyDirectory(other).import_card(own_card, verified=True)
        assert Importer(other).import_packet(data).status == "imported"
        came = other.cases.get(case_id).incoming_referral
    assert came is not None and came.reason is ReferralReason.MIGRATION_OR_MOVE
    assert came.details == DETAILS and came.referring_agency == "th-border-checkpoint"


def test_reason_words_follow_the_language(qtbot, data_dir_factory):
    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    session = made.open("officer")
    try:
        view = shown(qtbot, ReferralView(), session)
        view.open_case(scored_case(session))
        english = [view.reason.itemText(n) for n in range(view.reason.count())]
        set_language("th")
        view.retranslate()          # the main window does this for every screen
        thai = [view.reason.itemText(n) for n in range(view.reason.count())]
        assert all(t and t != e for t, e in zip(thai, english, strict=True))
    finally:
        set_language("en")
        session.close()
