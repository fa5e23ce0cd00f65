"""A case in HTCDS 2.0 terms: the one function that turns a case into the names
and values of IOM's Human Trafficking Case Data Standard, for referral packets
(case.json version 2), the statistics export and IOM's toolkit workbook layout.

    case_to_htcds(case)                      # the case as held here
    case_to_htcds(case, referral=Outgoing(...))   # as it travels in one referral
    case_to_htcds(case, personal=False)      # without identifying fields (statistics)

Every value is checked against the standard (screening_app.standards.htcds): a
value HTCDS 2.0 cannot hold (a partial date, a region that is not an ISO 3166
country, a phone number that is not E.164) is left out, never bent. What the
mapping decides and why: docs/packet-format.md ("our field -> HTCDS 2.0 field").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from screening_app.domain import (
    Agency,
    Case,
    DecisionMakingOrg,
    OutcomeKind,
    ReferralReason,
    ReferralStatus,
    TraffickingStatus,
)
from screening_app.standards import htcds

# Fields and event fields that identify a person or hold officers' free text: left
# out with personal=False.
PERSONAL_FIELDS = frozenset({
    "prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_MobilePhone",
    "cas_IncomingReferralDetails", "cas_OutgoingReferralDetails",
})
PERSONAL_EVENT_FIELDS = frozenset({"hte_City"})
# A screening outcome that says there are indicators of trafficking: HTCDS's
# "possible victim" ("indicators of trafficking, not formally verified").
POSSIBLE = frozenset({OutcomeKind.PRESUMED_VICTIM, OutcomeKind.INDICATORS_PRESENT})
_SENT = (ReferralStatus.EXPORTED, ReferralStatus.SENT, ReferralStatus.RECEIVED,
         ReferralStatus.PRINTED)


@dataclass(frozen=True)
class Outgoing:
    """One referral as it is sent: who refers, to whom, when, why."""

    referring: str                  # agency id of the sender
    referred: str                   # agency id of the recipient
    on: date
    reason: ReferralReason
    details: str | None = None


@dataclass
class HtcdsCase:
    """One case: `fields` is one row (prs_, con_, cas_, vic_ fields; multi-select
    fields as lists), `events` its historic trafficking events (hte_ fields)."""

    fields: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


def trafficking_status(case: Case) -> tuple[TraffickingStatus | None, DecisionMakingOrg | None]:
    """vic_TraffickingStatus and vic_TraffickingStatusDecisionMakingOrg. A competent
    authority's recorded decision says actual or not a victim; a screening with
    indicators (the officer's decision, else the suggestion) says possible victim;
    a screening without indicators says nothing: it is not "not a victim"."""
    decided = case.authority_decision
    if decided is not None:
        return decided.status, decided.decided_by
    kind = case.decision.decided if case.decision is not None else (
        case.outcome.kind if case.outcome is not None else None)
    return (TraffickingStatus.POSSIBLE if kind in POSSIBLE else None), None


def organisation(agency: Agency) -> dict[str, Any]:
    """The HTCDS organisation record of an agency, with the project's `x_service`."""
    return {
        **htcds.record({
            "org_Name": agency.name or None,
            "org_Type": None if agency.type is None else agency.type.value,
            "org_ShippingCountry": agency.country if htcds.is_country(agency.country) else None,
            "org_Phone": htcds.e164(agency.phone),
        }),
        "x_service": None if agency.service is None else agency.service.value,
    }


def case_to_htcds(case: Case, *, personal: bool = True, referral: Outgoing | None = None,
                  today: date | None = None) -> HtcdsCase:
    """The case in HTCDS 2.0 names and values (see the module's docstring)."""
    out = HtcdsCase()
    values: dict[str, Any] = {}
    _person(case, values)
    values["con_Consent"] = case.consent.record
    values["cas_Status"] = case.status.value
    _referrals(case, referral, values)
    status, org = trafficking_status(case)
    values["vic_TraffickingStatus"] = None if status is None else status.value
    values["vic_TraffickingStatusDecisionMakingOrg"] = None if org is None else org.value
    events: list[dict[str, Any]] = []
    if case.form_id and case.answers:
        events = _from_answers(case, values, status, today)
    if not personal:
        values = {k: v for k, v in values.items() if k not in PERSONAL_FIELDS}
        events = [{k: v for k, v in e.items() if k not in PERSONAL_EVENT_FIELDS}
                  for e in events]
    out.fields = _valid(values)
    out.events = [e for e in (_valid(e) for e in events) if e]
    return out


def _valid(values: dict[str, Any]) -> dict[str, Any]:
    """The values HTCDS 2.0 can hold, checked; empty ones and the others left out."""
    std = htcds.standard()
    kept: dict[str, Any] = {}
    for name, value in values.items():
        if value is None or value == [] or value == "":
            continue
        try:
            kept[name] = std.check(name, value)
        except htcds.NotInStandard:
            if not std.has(name) or std.field(name).deprecated:
                raise           # a name the program must never write: a defect here
    return kept


def _person(case: Case, values: dict[str, Any]) -> None:
    p = case.person
    languages = [c for c in (htcds.language(x) for x in p.languages) if c]
    values.update({
        "prs_FirstName": p.given_name or None,
        "prs_SecondName": p.family_name or None,
        "prs_Birthdate": None if p.birth_date is None else p.birth_date.isoformat(),
        "prs_Gender": p.gender.value,
        "prs_Citizenship": htcds.countries(p.citizenship),
        "prs_MobilePhone": htcds.e164(p.phone),
        "prs_PrimaryLanguage": languages[0] if languages else None,
        "prs_SecondaryLanguage": languages[1] if len(languages) > 1 else None,
    })


def _referrals(case: Case, referral: Outgoing | None, values: dict[str, Any]) -> None:
    if referral is not None:          # the referral being sent: it alone
        values.update({
            "cas_ReferringOrganisation": referral.referring,
            "cas_ReferredOrganisation": referral.referred,
            "cas_OutgoingReferralDate": referral.on.isoformat(),
            "cas_ReasonForOutgoingReferral": referral.reason.value,
            "cas_OutgoingReferralDetails": referral.details,
        })
        return
    came = case.incoming_referral
    if came is not None:
        values.update({
            "cas_ReferringOrganisation": came.referring_agency,
            "cas_IncomingReferralDate": came.received_on.isoformat(),
            "cas_ReasonForIncomingReferral": None if came.reason is None else came.reason.value,
            "cas_IncomingReferralDetails": came.details,
        })
    sent = [r for r in case.referrals if r.status in _SENT]
    if sent:
        last = sent[-1]
        values.update({
            "cas_ReferredOrganisation": last.agency_id,
            "cas_OutgoingReferralDate": last.created_at.date().isoformat(),
            "cas_ReasonForOutgoingReferral": None if last.reason is None else last.reason.value,
            "cas_OutgoingReferralDetails": last.details,
        })


def _from_answers(case: Case, values: dict[str, Any], status: TraffickingStatus | None,
                  today: date | None) -> list[dict[str, Any]]:
    from screening_app.screening import FormError, load_form
    from screening_app.screening.htcds_map import from_answers

    try:
        form = load_form(case.form_id or "", case.form_version)
    except FormError:
        return []       # a form not installed here: the answers cannot be read
    said = from_answers(form, case.answer_values(), today)
    events = said.events
    if status in (TraffickingStatus.POSSIBLE, TraffickingStatus.ACTUAL):
        # The victim context describes a possible or actual victim, nobody else.
        values.update(said.fields)
        for kind, name in (("Recruitment", "vic_LocationOfRecruitment"),
                           ("Exploitation", "vic_LocationOfExploitation")):
            country = next((e.get("hte_Country") for e in events
                            if e.get("hte_Type") == kind and e.get("hte_Country")), None)
            values[name] = country if htcds.is_country(country) else None
        values["vic_AgeWhenTrafficked"] = _age_when_trafficked(case, events)
    return events


def _age_when_trafficked(case: Case, events: list[dict[str, Any]]) -> int | None:
    """Age at the first recruitment (else the first dated event), when the birth date
    and the event's date fix it; a year or a month is enough if the age is the same
    at both its ends."""
    birth = case.person.birth_date
    dated = [e for e in events if isinstance(e.get("hte_Date"), str)]
    first = next((e for e in dated if e.get("hte_Type") == "Recruitment"), None) or (
        dated[0] if dated else None)
    if birth is None or first is None:
        return None
    span = _span(first["hte_Date"])
    if span is None:
        return None
    ages = {d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day)) for d in span}
    age = ages.pop() if len(ages) == 1 else None
    return age if age is not None and 0 <= age < 130 else None


def _span(text: str) -> tuple[date, date] | None:
    """The first and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
    import calendar

    parts = text.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date.fromisoformat(text)
        return day, day
    except ValueError:
        return None
