"""Retention after receipt (storage/retention.py) and the statistics: when a referred
case is reduced to a stub, its statistics row follows the stub at once (the triggers
on `cases`), so statistics_cases keeps no age, gender or citizenship the stub no
longer has; the case is still counted (its month, outcome, dimensions, exploitation
and referral are the stub's), and the case-level export says nothing of a consent
that was erased."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from screening_app.domain import (
    Consent,
    DimensionResult,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralReason,
    ReferralStatus,
)
from screening_app.exchange.statistics_export import export_htcds
from screening_app.statistics.request import StatisticsRequest
from screening_app.statistics.variables import (
    AGE_BANDS,
    EXPLOITATIONS,
    GENDER_GROUPS,
    GENDERS,
    OUTCOMES,
    REFERRALS,
    UNKNOWN,
)
from screening_app.storage import retention

COLUMNS = ("month", "age", "gender", "gender_group", "nationality", "outcome",
           "exploitation", "referral", "received", "agency", "dimensions", "rule_set",
           "rule_set_version", "form")


def _row(session: Any, case_id: str) -> dict[str, Any]:
    rows = session.database.query(
        f"SELECT {', '.join(COLUMNS)} FROM statistics_cases WHERE case_id = ?",
        (case_id,))
    assert len(rows) == 1
    return dict(zip(COLUMNS, rows[0], strict=True))


def _referred(session: Any, n: int) -> str:
    person = Person(given_name=f"Zqxw{n}", family_name="Vwkestrel", gender=Gender.FEMININE,
                    citizenship=["KH", "TH"], estimated_age=16, phone="+85512345678")
    case = session.cases.create(person, Consent(interview=True, record=True,
                                                share_for_referral=True),
                                form_id="identification", form_version="1.1")
    session.cases.add_outcome(case.id, Outcome(
        OutcomeKind.PRESUMED_VICTIM, True, "child_labour", "ilo_2009_default", "1",
        dimensions={"deceptive_recruitment": DimensionResult(True),
                    "exploitative_conditions": DimensionResult(True)},
        extra={"exploitation": ["labour"], "exploitation_basis": "stated"}))
    session.cases.save_referral(Referral(
        id=f"r-{n}", case_id=case.id, agency_id="th-msdhs", languages=["km", "th"],
        status=ReferralStatus.RECEIVED, received_at=datetime.now(UTC),
        reason=ReferralReason.ADDITIONAL_SERVICES, details="Jumdetails"))
    return str(case.id)


def test_an_erased_case_counts_without_its_person(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("officer") as session:
        erased_id, kept_id = _referred(session, 1), _referred(session, 2)
        before = _row(session, erased_id)
    assert (before["age"], before["gender"], before["nationality"]) == ("12-17", "Feminine",
                                                                         "KH")
    with made.open("admin") as session:
        retention.set_erase_after_days(session, 0)
        with session.transaction() as cur:     # only the first case is due
            cur.execute("UPDATE referrals SET status = 'sent' WHERE case_id = ?", (kept_id,))
    with made.open("officer") as session:      # unlock erased it
        assert retention.erased_at(session, erased_id) is not None
        assert retention.erased_at(session, kept_id) is None
        stub = session.cases.get(erased_id)
        after = _row(session, erased_id)
        kept = _row(session, kept_id)
        count = session.database.query("SELECT count(*) FROM statistics_cases")[0][0]
    assert stub.person == Person()
    # the stub's own values: nothing of the person remains in the statistics row
    assert (after["age"], after["gender"], after["gender_group"], after["nationality"]) == (
        UNKNOWN, Gender.NOT_SPECIFIED.value, "other", "")
    # what the stub keeps is still counted
    for column in ("month", "outcome", "exploitation", "dimensions", "rule_set", "form",
                   "received", "agency"):
        assert after[column] == before[column], column
    assert after["referral"] == "receipt_received"
    assert after["dimensions"] == "|deceptive_recruitment|exploitative_conditions|"
    assert (kept["age"], kept["gender"], kept["nationality"]) == ("12-17", "Feminine", "KH")
    assert count == 2
    # only codes: every value is one of the categories (no name, number or text)
    ages = {code for code, _low, _high in AGE_BANDS} | {UNKNOWN}
    for row in (after, kept):
        assert row["age"] in ages and row["gender"] in GENDERS
        assert row["gender_group"] in GENDER_GROUPS and row["outcome"] in OUTCOMES
        assert row["exploitation"] in EXPLOITATIONS and row["referral"] in REFERRALS

    today = datetime.now(UTC).date()
    request = StatisticsRequest(date_from=date(today.year - 1, 1, 1), date_to=today, k=2)
    with made.open("supervisor") as session:
        export = export_htcds(session, request)
    rows = export.rows()
    assert len(rows) == 2                      # alike on every quasi-identifier once coarsened
    consents = sorted(r["con_Consent"] for r in rows)
    assert consents == ["", "true"]            # the stub's consent was erased: not "false"
    reasons = {r["cas_ReasonForOutgoingReferral"] for r in rows}
    assert reasons == {ReferralReason.ADDITIONAL_SERVICES.value}
