"""Every HTCDS name and value the program writes is in HTCDS 2.0: packets (case.json
v2, through real encryption and verification), key cards and the statistics
export, generated over every enum value and every form option."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from standards_cases import TODAY, answer_sets, cases, form

from screening_app.domain import (
    AgencyService,
    AgencyType,
    CaseStatus,
    DecisionMakingOrg,
    Gender,
    ReferralReason,
    TraffickingStatus,
)
from screening_app.domain.models import GENDER_ALIASES, LEGACY_AGENCY_TYPES
from screening_app.exchange import htcds as case_json
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.packet import CardSet, PacketKind, build_packet, open_packet
from screening_app.screening import QuestionType
from screening_app.screening.htcds_map import from_answers, mapping_of
from screening_app.standards import htcds

STD = htcds.standard()
HTCDS_NAME = re.compile(r"^(org|prs|vic|per|cas|cco|hte|spl|con)_[A-Za-z]+$")


def htcds_names(value: Any, path: str = "") -> list[tuple[str, str, Any]]:
    """(where, name, value) of every key anywhere in `value` that looks like an HTCDS
    field name (a table prefix and a name)."""
    found: list[tuple[str, str, Any]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and HTCDS_NAME.match(k):
                found.append((path, k, v))
            found += htcds_names(v, f"{path}.{k}")
    elif isinstance(value, list):
        for n, v in enumerate(value):
            found += htcds_names(v, f"{path}[{n}]")
    return found


def assert_speaks_htcds(document: Any) -> int:
    """Every HTCDS-looking name is a current field of 2.0 and its value one of its
    values; returns how many were checked."""
    names = htcds_names(document)
    for where, name, value in names:
        assert STD.has(name), f"{where}.{name} is not an HTCDS 2.0 field"
        assert not STD.field(name).deprecated, f"{where}.{name} is deprecated"
        STD.check(name, value)
    return len(names)


def test_the_closed_lists_are_the_standards() -> None:
    assert {g.value for g in Gender} == set(STD.values("prs_Gender"))
    assert {t.value for t in AgencyType} == set(STD.values("org_Type"))
    assert {s.value for s in CaseStatus} == set(STD.values("cas_Status"))
    for name in ("cas_ReasonForOutgoingReferral", "cas_ReasonForIncomingReferral"):
        assert {r.value for r in ReferralReason} == set(STD.values(name))
    assert {s.value for s in TraffickingStatus} == set(STD.values("vic_TraffickingStatus"))
    assert {o.value for o in DecisionMakingOrg} == set(
        STD.values("vic_TraffickingStatusDecisionMakingOrg"))
    # the project's extension says what org_Type cannot: never one of its values
    assert not {s.value for s in AgencyService} & set(STD.values("org_Type"))
    # the old values are read, never written
    assert not set(GENDER_ALIASES) & set(STD.values("prs_Gender"))
    assert not set(LEGACY_AGENCY_TYPES) & set(STD.values("org_Type"))


def test_the_check_refuses_what_is_not_htcds_2() -> None:
    for name, value in (("prs_Gender", "Female"), ("prs_Gender", "Transgender/NonConforming"),
                        ("prs_Nationality", "KH"), ("vic_AgreementToManagePersonalData", True),
                        ("org_Type", "Shelter"), ("prs_Citizenship", "KH"),
                        ("prs_Citizenship", ["XK"]), ("prs_MobilePhone", "012 345 678"),
                        ("hte_Date", "2024-05"), ("vic_MethodsOfControl", ["DebtBondage "])):
        with pytest.raises(htcds.NotInStandard):
            STD.check(name, value)
    assert "+855123456" == htcds.e164("+855 (12) 34-56")
    assert htcds.e164("012 345 678") is None and htcds.e164("+0123") is None
    assert htcds.language("zh_Hans") == "zh" and htcds.language("shn") == "shn"


@pytest.mark.parametrize("n", range(3))
def test_the_walker_can_fail(n: int) -> None:
    bad = [{"htcds": {"prs_Gender": "Female"}}, {"x": [{"prs_Nationality": "KH"}]},
           {"htcds_organisations": {"a": {"org_Type": "Embassy"}}}][n]
    with pytest.raises((AssertionError, htcds.NotInStandard)):
        assert_speaks_htcds(bad)


def test_packets_exports_and_cards_speak_htcds_2_over_every_value() -> None:
    checked = 0
    seen: dict[str, set[Any]] = {}
    for case, sender, recipient, reason in cases():
        data = case_json.case_to_packet(case, referring=sender.id, referred=recipient.id,
                                        referral_date=date(2026, 3, 2), reason=reason,
                                        details="made up", organisations=[sender, recipient])
        checked += assert_speaks_htcds(data)
        for _where, name, value in htcds_names(data):
            seen.setdefault(name, set()).update(value if isinstance(value, list) else [value])
        # through a real packet: signed, encrypted, opened and read back
        s_id, r_id = DeviceIdentity.generate(), DeviceIdentity.generate()
        s_card = KeyCard.for_agency(sender, s_id)
        r_card = KeyCard.for_agency(recipient, r_id)
        built = build_packet(kind=PacketKind.REFERRAL, identity=s_id, sender_agency=sender.id,
                             recipient=r_card, content={"case.json": canonical_bytes(data)},
                             case_id=case.id, case_revision=1)
        opened = open_packet(built.data, r_id, CardSet({sender.id: s_card}, {sender.id}),
                             agency_id=recipient.id)
        back = opened.case()
        assert back.person.gender is case.person.gender
        assert back.person.citizenship == case.person.citizenship
        assert back.authority_decision == case.authority_decision
        for card in (s_card, r_card):
            checked += assert_speaks_htcds(json.loads(card.to_bytes()))
        for personal in (True, False):
            row = case_to_htcds(case, personal=personal)
            checked += assert_speaks_htcds({"row": row.fields, "events": row.events})
    assert checked > 1000
    # every value of every closed list was written somewhere
    assert {g.value for g in Gender} <= seen["prs_Gender"]
    assert {t.value for t in AgencyType} <= seen["org_Type"]
    assert {r.value for r in ReferralReason} <= seen["cas_ReasonForOutgoingReferral"]
    assert {s.value for s in CaseStatus} <= seen["cas_Status"]
    assert {s.value for s in TraffickingStatus} <= seen["vic_TraffickingStatus"]
    assert {o.value for o in DecisionMakingOrg} <= seen["vic_TraffickingStatusDecisionMakingOrg"]


def test_every_option_of_the_form_is_written_as_its_mapping_says() -> None:
    """Each option the form maps to an HTCDS value appears, with that value, in the
    record of an interview that chose it; nothing else appears."""
    f = form()
    mapping = mapping_of(f)
    expected: set[tuple[str, Any]] = set()
    for path, entry in mapping.entries.items():
        if path.startswith("events."):
            continue
        for says in entry.options.values():
            expected |= {(k, v) for k, v in says.items() if k.startswith("vic_")}
    got: set[tuple[str, Any]] = set()
    events: list[dict[str, Any]] = []
    for answers in answer_sets(f):
        said = from_answers(f, answers, TODAY)
        for name, value in said.fields.items():
            STD.check(name, value)
            got |= {(name, v) for v in (value if isinstance(value, list) else [value])}
        events += said.events
    assert got == expected
    assert {e["hte_Type"] for e in events} == set(STD.values("hte_Type"))
    # every option of every choice question of the form was chosen in some set
    for q in f.questions():
        if q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            chosen = {v for a in answer_sets(f) for v in (
                a[q.id] if isinstance(a.get(q.id), list) else [a.get(q.id)])}
            assert {o.value for o in q.options} <= chosen, q.id


def test_gender_options_of_the_form_give_2_0_values() -> None:
    from screening_app.screening import person_from_answers

    f = form()
    for option in f.question("gender").options:
        person = person_from_answers(f, {"gender": option.value})
        assert person.gender.value in STD.values("prs_Gender")
