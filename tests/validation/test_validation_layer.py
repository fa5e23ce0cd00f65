"""The validation layer itself: one definition per field, closed lists from the
domain's enums, outside knowledge passed in, the domain importing nothing of ours."""

from __future__ import annotations

import ast
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from screening_app.domain import (
    Agency,
    AgencyType,
    Answer,
    AuthorityDecision,
    Case,
    Consent,
    DecisionMakingOrg,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Outcome,
    Person,
    Referral,
    TraffickingStatus,
)
from screening_app.domain import validation as v
from screening_app.domain.ids import new_case_id

DOMAIN = Path(v.__file__).parent
SMALL = v.FixedVocabulary(("en", "km"), frozenset({"km", "en"}), frozenset({"KH"}),
                          (("identification", "1.0"),))


def test_the_domain_imports_nothing_of_ours() -> None:
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith("screening_app") or name.startswith(
                    "screening_app.domain"), (path.name, name)


@pytest.mark.parametrize("kind, table", [
    (Person, v.PERSON), (Consent, v.CONSENT), (Answer, v.ANSWER), (Outcome, v.OUTCOME),
    (OfficerDecision, v.DECISION), (Referral, v.REFERRAL), (Agency, v.AGENCY),
    (AuthorityDecision, v.AUTHORITY_DECISION), (IncomingReferral, v.INCOMING_REFERRAL)])
def test_every_field_of_every_model_has_a_rule(kind: type, table: dict) -> None:
    # a field added to a model (e.g. for HTCDS 2.0) must be given its limits here
    assert set(table) == {f.name for f in fields(kind)}


def test_every_case_field_has_a_rule() -> None:
    nested = {"person", "consent", "answers", "outcomes", "decision", "referrals"}
    assert set(v.CASE) | nested == {f.name for f in fields(Case)}


def test_closed_lists_come_from_the_enums() -> None:
    with pytest.raises(v.Invalid) as refused:
        v.read_person({"gender": "Robot"}, SMALL)
    assert refused.value.problem.allowed == tuple(g.value for g in Gender)
    with pytest.raises(v.Invalid) as refused:
        v.read_installation_value("agency_type", "Police", SMALL, "--agency-type")
    assert refused.value.problem.allowed == tuple(t.value for t in AgencyType)
    assert "Police" not in str(refused.value)             # the value is never quoted


def test_values_written_before_htcds_2_are_read_as_2_0_values() -> None:
    person = v.read_person({"gender": "Male", "nationality": "KH"}, SMALL)
    assert person.gender is Gender.MASCULINE and person.citizenship == ["KH"]
    assert v.read_person({"gender": "Transgender/NonConforming"}, SMALL).gender \
        is Gender.NOT_SPECIFIED
    with pytest.raises(v.Invalid) as refused:
        v.read_person({"nationality": "KH", "citizenship": ["KH"]}, SMALL)
    assert refused.value.problem.rule is v.Rule.EITHER
    assert v.read_installation_value("agency_type", "Embassy", SMALL, "--agency-type") \
        is AgencyType.CENTRAL_GOVERNMENT
    assert v.read_installation_value("agency_type", "Shelter", SMALL, "--agency-type") is None


def test_a_cases_add_phone_is_e164() -> None:
    person, _consent, _case = v.read_profile({"given_name": "Dara", "phone": "+855 (12) 345-678"},
                                             SMALL)
    assert person.phone == "+85512345678"
    for local in ("012 345 678", "+0855 12", "+855 12 345 678 9999 9999", "+៨៥៥១២៣៤៥៦៧៨"):
        with pytest.raises(v.Invalid) as refused:
            v.read_profile({"given_name": "Dara", "phone": local}, SMALL)
        assert refused.value.problem.rule is v.Rule.PHONE


def test_an_authority_decision_is_formal_and_not_in_the_future() -> None:
    from datetime import timedelta

    case = Case(id=new_case_id(), reference="KH-00-AB12-000001", created_by="officer",
                person=Person(given_name="ដារ៉ា"))
    case.authority_decision = AuthorityDecision(
        TraffickingStatus.ACTUAL, DecisionMakingOrg.POLICE, date.today(), recorded_by="officer")
    v.check_case(case, SMALL)
    for wrong, rule in [({"decided_on": date.today() + timedelta(days=1)}, v.Rule.DATE_RANGE),
                        ({"status": TraffickingStatus.POSSIBLE}, v.Rule.CHOICE)]:
        case.authority_decision = AuthorityDecision(**{
            "status": TraffickingStatus.ACTUAL, "decided_by": DecisionMakingOrg.POLICE,
            "decided_on": date.today(), **wrong})
        with pytest.raises(v.Invalid) as refused:
            v.check_case(case, SMALL)
        assert refused.value.problem.rule is rule
        assert refused.value.problem.field.startswith("authority_decision.")


def test_outside_knowledge_is_passed_in() -> None:
    assert v.read_person({"nationality": "KH", "languages": ["km"]}, SMALL).nationality == "KH"
    for doc, rule in [({"nationality": "TH"}, v.Rule.COUNTRY),
                      ({"languages": ["th"]}, v.Rule.LANGUAGE)]:
        with pytest.raises(v.Invalid) as refused:
            v.read_person(doc, SMALL)
        assert refused.value.problem.rule is rule
    v.check_form("identification", "1.0", SMALL)
    with pytest.raises(v.Invalid):
        v.check_form("identification", "1.1", SMALL)


def test_a_case_object_is_checked_field_by_field() -> None:
    case = Case(id=new_case_id(), reference="KH-00-AB12-000001", created_by="officer",
                person=Person(given_name="ដារ៉ា", birth_date=date(2001, 5, 4)))
    v.check_case(case, SMALL)
    case.person.gender = "Male"        # type: ignore[assignment]  # a str, not the enum
    with pytest.raises(v.Invalid) as refused:
        v.check_case(case, SMALL)
    assert refused.value.problem.field == "person.gender"
    case.person.gender = Gender.MALE
    case.answers["q1"] = Answer("q2", "x")
    with pytest.raises(v.Invalid) as refused:
        v.check_case(case, SMALL)
    assert refused.value.problem.rule is v.Rule.MISMATCH


def test_a_key_card_with_a_hostile_name_is_refused() -> None:
    from exchange_parties import make_party

    from screening_app.errors import Refused
    from screening_app.exchange.cards import KeyCard

    party = make_party("th-evil-ngo", "Good NGO\x1b]0;owned\x07", "TH", AgencyType.NGO)
    with pytest.raises(Refused):
        KeyCard.from_bytes(party.card.to_bytes())
