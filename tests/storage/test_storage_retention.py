"""Retention after receipt: a referred case's personal data leave the device N
days after the receipt; the bytes are gone from the database and its WAL (read
page by page with the key), a stub stays, `check` passes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlcipher_pages import plaintext_pages

from screening_app.domain import (
    Answer,
    AuthorityDecision,
    Consent,
    DecisionMakingOrg,
    Gender,
    IncomingReferral,
    Person,
    Referral,
    ReferralReason,
    ReferralStatus,
    TraffickingStatus,
)
from screening_app.errors import Refused
from screening_app.matching import latin_words
from screening_app.storage import retention

LATIN = "Zqxwanary Vwkestrel"
KHMER = "ឃ្មុំកញ្ជ្រោង"
NOTE = "Qwertnote about Vwkestrel"
ANSWER = "Plokanswer of Vwkestrel"
DETAILS = "Jumdetails for Vwkestrel"        # HTCDS 2.0 free text: referral details, ...


def _canaries() -> list[bytes]:
    words = [LATIN, LATIN.lower(), KHMER, NOTE, ANSWER, DETAILS, "Vwkestrel", "vwkestrel"]
    words += list(latin_words(KHMER))          # the duplicate index's romanised key
    return [w.encode("utf-8") for w in words] + [w.encode("utf-16-le") for w in words[:3]]


def _referred_case(session: Any, received: datetime | None, *,
                   status: ReferralStatus = ReferralStatus.RECEIVED) -> str:
    person = Person(family_name=KHMER, given_name="ចាន់ថា", latin_name=LATIN,
                    gender=Gender.FEMALE, nationality="KH", estimated_age=17,
                    phone="+85512345678")
    case = session.cases.create(person, Consent(interview=True, record=True,
                                                share_for_referral=True))
    session.cases.save_answer(case.id, Answer("free_text", ANSWER))
    for age in (16, 18, 17):          # older copies of the profile in freed space
        case.person.estimated_age = age
        case = session.cases.update(case)
    case.note = NOTE
    # a competent authority's decision and how the case came here: their free text too
    case.authority_decision = AuthorityDecision(
        TraffickingStatus.ACTUAL, DecisionMakingOrg.POLICE, date(2026, 11, 1),
        authority=DETAILS, reference=DETAILS, recorded_by="officer")
    case = session.cases.update(case)
    case.incoming_referral = IncomingReferral("kh-ncct", date(2026, 10, 30),
                                              ReferralReason.OTHER, DETAILS)
    session.cases.put(case)                 # as the importer stores a received case
    session.cases.save_referral(Referral(id=f"r-{case.id}", case_id=case.id,
                                         agency_id="th-msdhs", languages=["en", "km"],
                                         status=status, received_at=received,
                                         reason=ReferralReason.OTHER, details=DETAILS))
    return str(case.id)


def test_off_by_default_and_set_by_administrators_only(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("officer") as session:
        assert retention.erase_after_days(session) is None
        case_id = _referred_case(session, datetime.now(UTC) - timedelta(days=400))
        assert retention.run_due(session) == []
        with pytest.raises(Refused):
            retention.set_erase_after_days(session, 0)
    with made.open("admin") as session:
        with pytest.raises(Refused):
            retention.set_erase_after_days(session, -1)
        retention.set_erase_after_days(session, 30)     # the admin's unlock erased nothing yet
        assert retention.erase_after_days(session) == 30
        assert [e["action"] for e in session.audit.entries(limit=1)] == ["retention_set"]
    with made.open("officer") as session:               # unlock runs it
        assert retention.erased_at(session, case_id) is not None


def test_erasure_removes_the_bytes_and_leaves_a_stub(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("admin") as session:
        retention.set_erase_after_days(session, 0)
    with made.open("officer") as session:
        case_id = _referred_case(session, None, status=ReferralStatus.EXPORTED)
        key = bytes(session.master_key_copy())
        db_path = session.data_dir.db_path
        before = plaintext_pages(db_path, key)
        assert all(c in before for c in _canaries()[:5])     # the scan does see them
        case = session.cases.get(case_id)
        reference = case.reference
        referral = case.referrals[0]
        referral.status, referral.received_at = ReferralStatus.RECEIVED, datetime.now(UTC)
        session.cases.save_referral(referral)
        erased = retention.run_due(session)
        assert [e.case_id for e in erased] == [case_id]
        after = plaintext_pages(db_path, key)
        assert [c for c in _canaries() if c in after] == []
        assert not db_path.with_name("cases.db-wal").exists() or \
            db_path.with_name("cases.db-wal").stat().st_size == 0
        stub = session.cases.get(case_id)
        assert stub.reference == reference and stub.person == Person()
        assert stub.answers == {} and stub.note == ""
        assert [r.status for r in stub.referrals] == [ReferralStatus.RECEIVED]
        assert (stub.referrals[0].reason, stub.referrals[0].details) == (ReferralReason.OTHER,
                                                                          None)
        assert stub.authority_decision is not None and stub.incoming_referral is not None
        assert (stub.authority_decision.status, stub.authority_decision.authority,
                stub.authority_decision.reference) == (TraffickingStatus.ACTUAL, "", None)
        assert stub.incoming_referral.details is None
        assert stub.referrals[0].agency_id == "th-msdhs"
        assert session.cases.search("Vwkestrel") == []
        assert [c.id for c in session.cases.search(reference)] == [case_id]
        assert session.database.query("SELECT count(*) FROM dup_keys WHERE case_id = ?",
                                      (case_id,))[0][0] == 0
        actions = [e["action"] for e in session.audit.entries(case_id, limit=5)]
        assert "retention_erase" in actions
        assert session.check().ok
        assert retention.run_due(session) == []             # once only
    with made.open("officer") as session:
        assert session.check().ok
    for path in made.path.rglob("*"):                       # nothing in clear anywhere
        if path.is_file():
            data = path.read_bytes()
            assert not any(c in data for c in _canaries()), path


def test_waits_the_days_and_for_every_receipt(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("admin") as session:
        retention.set_erase_after_days(session, 30)
    with made.open("officer") as session:
        now = datetime.now(UTC)
        recent = _referred_case(session, now - timedelta(days=10))
        old = _referred_case(session, now - timedelta(days=31))
        waiting = _referred_case(session, now - timedelta(days=90))
        session.cases.save_referral(Referral(id="second", case_id=waiting, agency_id="kh-mosvy",
                                             languages=["km"], status=ReferralStatus.SENT))
        assert [case_id for case_id, _at in retention.due(session)] == [old]
        assert retention.due(session, now + timedelta(days=21)) != []
        assert {e.case_id for e in retention.run_due(session, now + timedelta(days=21))} \
            == {old, recent}
        assert retention.erased_at(session, waiting) is None
