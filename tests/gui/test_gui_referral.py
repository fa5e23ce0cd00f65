"""Referral screen: directory filter, consent-to-share gate, languages, save,
print (a real PDF), and export only to agencies with a key card."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.exchange.directory")   # runs once exchange is merged

from gui_support import screenshot, shown
from test_gui_outcome import scored_case

from screening_app.domain import Consent, Person
from screening_app.gui.referral import ReferralView


@pytest.fixture
def view(qtbot, data_dir_factory):
    made = data_dir_factory(agency_name="Border checkpoint", country="TH",
                            agency_type="LawEnforcement")
    session = made.open("officer")
    yield shown(qtbot, ReferralView(), session)
    session.close()


def test_directory_filters_by_country_and_type(view, artifacts_dir):
    view.open_case(scored_case(view.session))
    everything = view.list.count()
    view.country.setCurrentIndex(view.country.findData("TH"))
    assert 0 < view.list.count() < everything
    assert all(a.country == "TH" for a in view.shown)
    view.kind.setCurrentIndex(view.kind.findData("service:SocialService"))
    assert [a.id for a in view.shown] == ["th-msdhs"]
    screenshot(view, artifacts_dir, "referral")


def test_without_consent_to_share_nothing_can_be_saved(view):
    case = view.session.cases.create(Person(given_name="Mai"),
                                     Consent(interview=True, record=True))
    view.open_case(case.id)
    view.list.setCurrentRow(0)
    assert not view.save_button.isEnabled()
    assert view.exception.isVisibleTo(view)
    view.exception.setText("Child alone; social worker decided in the child's interest.")
    view.exception_button.click()
    assert view.session.cases.get(case.id).consent.lawful_exception
    assert view.save_button.isEnabled()


def test_save_then_print_a_real_pdf(view, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    case_id = scored_case(view.session)
    view.open_case(case_id)
    view.country.setCurrentIndex(view.country.findData("TH"))
    view.kind.setCurrentIndex(view.kind.findData("service:SocialService"))
    view.list.setCurrentRow(0)
    assert not view.print_button.isEnabled()          # save first
    view.save_button.click()
    saved = view.session.cases.get(case_id).referrals
    assert [r.agency_id for r in saved] == ["th-msdhs"]
    assert not view.export_button.isEnabled()          # seeded agency: no key card
    target = tmp_path / "referral.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.print_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    assert view.session.cases.get(case_id).referrals[0].status.value == "printed"


def test_an_adult_without_consent_gets_no_exception_field(view):
    case = view.session.cases.create(Person(given_name="Lin", estimated_age=30),
                                     Consent(interview=True, record=True))
    view.open_case(case.id)
    view.list.setCurrentRow(0)
    assert not view.exception.isVisibleTo(view)
    assert not view.save_button.isEnabled()
    assert "no referral can be printed or sent" in view.consent_note.text()
