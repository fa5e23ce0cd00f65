"""The case repository: create, answers, update, outcomes, referrals, roles, listing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from screening_app.domain import (
    Answer,
    CaseStatus,
    Consent,
    DimensionResult,
    Gender,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
)
from screening_app.errors import Refused
from screening_app.storage import CaseFilter


def _person(name: str = "Sok", latin: str = "Sok Dara") -> Person:
    return Person(given_name=name, family_name="", latin_name=latin, gender=Gender.FEMALE,
                  nationality="KH", estimated_age=17, languages=["km"])


def _outcome(kind: OutcomeKind = OutcomeKind.PRESUMED_VICTIM, urgent: bool = True) -> Outcome:
    return Outcome(kind=kind, urgent=urgent, indicator_set="child_labour", rule_set="ilo",
                   rule_set_version="1",
                   dimensions={"recruitment": DimensionResult(True, ["deceptive_recruitment"])})


def test_create_get_round_trip_and_reference(session) -> None:
    case = session.cases.create(_person(), Consent(interview=True, record=True),
                                form_id="identification", form_version="1.0",
                                officer_language="km", interviewee_language="th")
    assert re.fullmatch(r"KH-00-[0-9A-F]{4}-000001", case.reference)
    second = session.cases.create(_person("Dara"), Consent())
    assert second.reference.endswith("-000002") and second.id > case.id   # UUIDv7 sorts
    loaded = session.cases.get(case.id)
    assert loaded.person == case.person and loaded.consent == case.consent
    assert (loaded.form_id, loaded.officer_language, loaded.interviewee_language) == (
        "identification", "km", "th")
    assert session.audit.entries(case.id, limit=1)[0]["action"] == "view"


def test_every_answer_is_saved_at_once_and_survives_reopen(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        case = s.cases.create(_person(), Consent(interview=True))
        s.cases.save_answer(case.id, Answer("recruited_by_deception", True))
        s.cases.save_answer(case.id, Answer("hours_per_day", 14))
        s.cases.save_answer(case.id, Answer("hours_per_day", 16))   # latest wins
        s.cases.save_answer(case.id, Answer("documents", ["passport", "visa"]))
    # a new session (as after a crash or idle lock) finds every answer
    with made.open("officer") as s:
        loaded = s.cases.get(case.id)
    assert loaded.answer_values() == {"recruited_by_deception": True, "hours_per_day": 16,
                                      "documents": ["passport", "visa"]}
    assert loaded.answers["hours_per_day"].answered_by == "officer"


def test_update_outcome_decision_referral(session) -> None:
    case = session.cases.create(_person(), Consent(interview=True))
    case.status = CaseStatus.FOLLOW_UP
    case.note = "needs shelter"
    case.draft = False
    case.person.latin_name = "Sok Dara Renamed"
    session.cases.update(case)
    session.cases.add_outcome(case.id, _outcome())
    with pytest.raises(Refused, match="reason"):
        session.cases.set_decision(case.id, OfficerDecision(
            OutcomeKind.PRESUMED_VICTIM, OutcomeKind.NO_INDICATORS, None, "officer"))
    session.cases.set_decision(case.id, OfficerDecision(
        OutcomeKind.PRESUMED_VICTIM, OutcomeKind.PRESUMED_VICTIM, None, "officer"))
    referral = Referral(id="r1", case_id=case.id, agency_id="kh-shelter", languages=["km", "en"])
    session.cases.save_referral(referral)
    referral.status = ReferralStatus.EXPORTED
    session.cases.save_referral(referral)
    loaded = session.cases.get(case.id)
    assert loaded.status is CaseStatus.FOLLOW_UP and loaded.note == "needs shelter"
    assert loaded.outcome is not None and loaded.outcome.kind is OutcomeKind.PRESUMED_VICTIM
    assert loaded.outcome.dimensions["recruitment"].indicators == ["deceptive_recruitment"]
    assert loaded.decision is not None and not loaded.decision.overridden
    assert [r.status for r in loaded.referrals] == [ReferralStatus.EXPORTED]
    summary = session.cases.list()[0]
    assert (summary.latin_name, summary.outcome, summary.urgent, summary.draft,
            summary.referral_state) == ("Sok Dara Renamed", OutcomeKind.PRESUMED_VICTIM, True,
                                        False, ReferralStatus.EXPORTED)
    update_rows = [e for e in session.audit.entries(case.id, limit=20) if e["action"] == "update"]
    assert set(update_rows[-1]["detail"]["fields"]) >= {"person", "status", "note", "draft"}


def test_officer_sees_own_and_shared_supervisor_all_admin_none(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("admin") as s:
        s.users.add("other", "officer", "other passphrase")
    made.passphrases["other"] = "other passphrase"
    with made.open("other") as s:
        private = s.cases.create(_person("Private"), Consent())
        shared = s.cases.create(_person("Shared"), Consent())
        shared.shared_with = ["officer"]
        s.cases.update(shared)
    with made.open("officer") as s:
        assert [c.id for c in s.cases.list()] == [shared.id]
        assert s.cases.count() == 1
        with pytest.raises(Refused, match="No case"):
            s.cases.get(private.id)
        with pytest.raises(Refused, match="No case"):
            s.cases.save_answer(private.id, Answer("q", True))
        s.cases.save_answer(shared.id, Answer("q", True))        # shared: may edit
        case = s.cases.get(shared.id)
        case.shared_with = []
        with pytest.raises(Refused, match="shared"):
            s.cases.update(case)                                 # only the owner reshares
        assert s.cases.search("Private") == []
    with made.open("supervisor") as s:
        assert {c.id for c in s.cases.list()} == {private.id, shared.id}
    with made.open("admin") as s:
        with pytest.raises(Refused, match="Administrators"):
            s.cases.list()
        with pytest.raises(Refused, match="Administrators"):
            s.cases.get(shared.id)
        with pytest.raises(Refused, match="Administrators"):
            s.cases.create(_person(), Consent())


def test_list_paging_sort_filters(session) -> None:
    ids = []
    for i in range(7):
        case = session.cases.create(_person(f"P{i}", f"Person {i}"), Consent())
        ids.append(case.id)
    session.cases.add_outcome(ids[2], _outcome(OutcomeKind.INDICATORS_PRESENT, urgent=False))
    closed = session.cases.get(ids[3])
    closed.status = CaseStatus.CLOSED
    closed.draft = False
    session.cases.update(closed)
    page1 = session.cases.list(limit=3, sort="created_at", descending=False)
    page2 = session.cases.list(offset=3, limit=3, sort="created_at", descending=False)
    assert [c.id for c in page1 + page2] == ids[:6]
    assert session.cases.list(limit=1)[0].id == ids[3]          # most recently updated
    assert session.cases.list(sort="latin_name", descending=True)[0].id == ids[6]
    assert [c.id for c in session.cases.list(
        filters=CaseFilter(outcome=OutcomeKind.INDICATORS_PRESENT))] == [ids[2]]
    assert session.cases.count(CaseFilter(status=CaseStatus.CLOSED)) == 1
    assert session.cases.count(CaseFilter(draft=True)) == 6
    today = datetime.now(UTC).date()
    assert session.cases.count(CaseFilter(created_from=today, created_to=today)) == 7
    assert session.cases.count(CaseFilter(created_to=today - timedelta(days=1))) == 0
    assert session.cases.count(CaseFilter(created_from=date(2000, 1, 1))) == 7
    with pytest.raises(ValueError):
        session.cases.list(sort="person; DROP TABLE cases")


def test_put_stores_a_complete_case(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        case = s.cases.create(_person(), Consent(interview=True))
        s.cases.save_answer(case.id, Answer("q1", "yes"))
        s.cases.add_outcome(case.id, _outcome())
        full = s.cases.get(case.id)
    other = data_dir_factory("other")
    with other.open("supervisor") as s:
        s.cases.put(full)
        s.cases.put(full)           # twice: replaced, not duplicated
        assert s.cases.count() == 1
        again = s.cases.get(full.id)
    assert again.to_dict() == full.to_dict()
