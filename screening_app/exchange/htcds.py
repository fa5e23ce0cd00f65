"""case.json: a case as it travels in a packet (docs/packet-format.md).

Version 2 (written): the names and values of IOM's Human Trafficking Case Data
Standard (HTCDS) 2.0 where it has a field, from `htcds_record.case_to_htcds`:
`htcds` (one row: prs_, con_, cas_, vic_ fields), `htcds_events` (hte_) and
`htcds_organisations` (org_, with the project's `x_service`); everything HTCDS
cannot hold is in one clearly named extension, `x_screening_app`. Version 1
(read only): the format before HTCDS 2.0, whose old values (gender Male/Female/
Unknown, one nationality, agency types such as Shelter) are read as 2.0 values.

Local user names are not sent except where the domain needs them (who answered,
who decided). `case_from_packet` is strict: an unknown or missing key, a value of
the wrong type, or a value HTCDS 2.0 does not have is a ValueError; the person and
consent are read by the validation layer, whose refusal (`domain.validation.Invalid`,
a ValueError too) names the field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from screening_app.domain import (
    Agency,
    Answer,
    AuthorityDecision,
    Case,
    CaseStatus,
    Consent,
    OfficerDecision,
    Outcome,
    Person,
    ReferralReason,
    agency_kind,
)
from screening_app.domain.models import utc_now
from screening_app.domain.validation import Vocabulary, read_consent, read_person
from screening_app.exchange import htcds_record
from screening_app.exchange.htcds_record import Outgoing
from screening_app.standards import htcds

SCHEMA = "screening-app-case"
SCHEMA_VERSION = 2
SCHEMA_VERSIONS = (1, 2)            # read
EXTENSION = "x_screening_app"

# --- version 2 ---------------------------------------------------------------------
_TOP_FIELDS_V2 = {
    "schema", "schema_version", "htcds_version", "case_id", "reference", "created_at",
    "updated_at", "htcds", "htcds_events", "htcds_organisations", EXTENSION,
}
# The HTCDS fields a case.json may hold (case_to_htcds writes no others).
CASE_FIELDS = frozenset({
    "prs_FirstName", "prs_SecondName", "prs_Birthdate", "prs_Gender", "prs_Citizenship",
    "prs_MobilePhone", "prs_PrimaryLanguage", "prs_SecondaryLanguage", "con_Consent",
    "cas_Status", "cas_ReferringOrganisation", "cas_ReferredOrganisation",
    "cas_OutgoingReferralDate", "cas_ReasonForOutgoingReferral", "cas_OutgoingReferralDetails",
    "vic_TraffickingStatus", "vic_TraffickingStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment", "vic_RelationshipToTrafficker", "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry", "vic_TypeOfSexExploitation", "vic_MethodsOfControl",
    "vic_LocationOfRecruitment", "vic_LocationOfExploitation", "vic_AgeWhenTrafficked",
})
_REQUIRED = frozenset({"prs_Gender", "con_Consent", "cas_Status", "cas_ReferringOrganisation",
                       "cas_ReferredOrganisation", "cas_OutgoingReferralDate",
                       "cas_ReasonForOutgoingReferral"})
EVENT_FIELDS = frozenset({"hte_Type", "hte_Country", "hte_City", "hte_Date"})
ORGANISATION_FIELDS = frozenset({"org_Name", "org_Type", "org_ShippingCountry", "org_Phone"})
_EXTENSION_FIELDS = {
    "person", "consent", "authority_decision", "form", "officer_language",
    "interviewee_language", "answers", "outcomes", "decision", "note", "draft",
}
_PERSON_EXTRA = {"latin_name", "estimated_age", "age_in_doubt", "languages", "address",
                 "citizenship_other", "phone_other"}

# --- version 1 (before HTCDS 2.0) --------------------------------------------------------
# domain Person field -> case.json v1 field
PERSON_FIELDS_V1: dict[str, str] = {
    "given_name": "prs_FirstName",
    "family_name": "prs_SecondName",
    "latin_name": "latin_name",
    "gender": "prs_Gender",
    "nationality": "prs_Nationality",
    "birth_date": "prs_Birthdate",
    "estimated_age": "estimated_age",
    "age_in_doubt": "age_in_doubt",
    "languages": "languages",
    "phone": "prs_MobilePhone",
    "address": "prs_MailingStreet",
}
_TOP_FIELDS_V1 = {
    "schema", "schema_version", "case_id", "reference", "created_at", "updated_at",
    "cas_Status", "cas_ReferringOrganisation", "cas_ReferredOrganisation",
    "cas_OutgoingReferralDate", "cas_ReasonForOutgoingReferral", "cas_OutgoingReferralDetails",
    "person", "vic_AgreementToManagePersonalData", "consent", "form", "officer_language",
    "interviewee_language", "answers", "outcomes", "decision", "note", "draft",
}


def case_to_packet(
    case: Case,
    *,
    referring: str,
    referred: str,
    referral_date: date,
    reason: ReferralReason | str = ReferralReason.ADDITIONAL_SERVICES,
    details: str | None = None,
    organisations: list[Agency] | None = None,
) -> dict[str, Any]:
    """case.json version 2 of `case`, referred by agency `referring` to `referred`;
    `organisations` (the two agencies) give their HTCDS organisation records."""
    row = htcds_record.case_to_htcds(case, referral=Outgoing(
        referring=referring, referred=referred, on=referral_date,
        reason=ReferralReason(reason), details=details or None))
    p = case.person
    person = {
        "latin_name": p.latin_name, "estimated_age": p.estimated_age,
        "age_in_doubt": p.age_in_doubt, "languages": list(p.languages), "address": p.address,
        "citizenship_other": [c for c in p.citizenship if not htcds.is_country(c)],
        "phone_other": p.phone if p.phone and htcds.e164(p.phone) is None else None,
    }
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "htcds_version": htcds.VERSION,
        "case_id": case.id,
        "reference": case.reference,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "htcds": row.fields,
        "htcds_events": row.events,
        "htcds_organisations": {a.id: htcds_record.organisation(a)
                                for a in organisations or [] if a.id in (referring, referred)},
        EXTENSION: {
            "person": person,
            "consent": case.consent.to_dict(),
            "authority_decision": None if case.authority_decision is None
            else case.authority_decision.to_dict(),
            "form": {"id": case.form_id, "version": case.form_version},
            "officer_language": case.officer_language,
            "interviewee_language": case.interviewee_language,
            "answers": {k: a.to_dict() for k, a in case.answers.items()},
            "outcomes": [o.to_dict() for o in case.outcomes],
            "decision": None if case.decision is None else case.decision.to_dict(),
            "note": case.note,
            "draft": case.draft,
        },
    }


def _need(value: Any, kind: type | tuple[type, ...], nullable: bool = False) -> Any:
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ValueError("wrong type")
    return value


def _answer(question_id: Any, value: Any) -> Answer:
    answer = Answer.from_dict(_need(value, dict))
    if _need(question_id, str) != answer.question_id:
        raise ValueError("answer filed under another question")
    return answer


def case_from_packet(d: dict[str, Any], vocabulary: Vocabulary | None = None) -> Case:
    """The domain Case of a case.json of either version; `created_by` names the
    referring agency."""
    if vocabulary is None:
        from screening_app.vocabulary import installed

        vocabulary = installed()
    if not isinstance(d, dict) or d.get("schema") != SCHEMA:
        raise ValueError("case.json schema")
    if d.get("schema_version") == 1:
        return _case_from_v1(d, vocabulary)
    if d.get("schema_version") != 2:
        raise ValueError("case.json schema version")
    return _case_from_v2(d, vocabulary)


def _checked_fields(row: Any) -> dict[str, Any]:
    std = htcds.standard()
    _need(row, dict)
    if not set(row) <= CASE_FIELDS or not _REQUIRED <= set(row):
        raise ValueError("htcds fields")
    for name, value in row.items():
        std.check(name, value)          # NotInStandard is a ValueError
    return row


def _case_from_v2(d: dict[str, Any], vocabulary: Vocabulary) -> Case:
    if set(d) != _TOP_FIELDS_V2 or d["htcds_version"] != htcds.VERSION:
        raise ValueError("case.json fields")
    row = _checked_fields(d["htcds"])
    std = htcds.standard()
    for event in _need(d["htcds_events"], list):
        if not set(_need(event, dict)) <= EVENT_FIELDS:
            raise ValueError("event fields")
        std.record(event)
    for org_id, org in _need(d["htcds_organisations"], dict).items():
        _need(org_id, str)
        if "x_service" not in _need(org, dict) or not set(org) <= ORGANISATION_FIELDS | {
                "x_service"}:
            raise ValueError("organisation fields")
        std.record({k: v for k, v in org.items() if k != "x_service"})
        agency_kind(org.get("org_Type"), org["x_service"])
    for key in ("case_id", "reference", "created_at", "updated_at"):
        _need(d[key], str)
    ext = _need(d[EXTENSION], dict)
    if set(ext) != _EXTENSION_FIELDS:
        raise ValueError("extension fields")
    extra = _need(ext["person"], dict)
    if set(extra) != _PERSON_EXTRA:
        raise ValueError("person fields")
    for name in ("languages", "citizenship_other"):
        _need(extra[name], list)
    # What HTCDS can say is said there, once: the extension holds only the rest.
    other = extra["citizenship_other"]
    if any(htcds.is_country(c) for c in other) or len(set(map(str, other))) != len(other):
        raise ValueError("citizenship_other")
    if extra["phone_other"] is not None and (
            "prs_MobilePhone" in row or htcds.e164(_need(extra["phone_other"], str))):
        raise ValueError("phone_other")
    person = read_person({
        "given_name": row.get("prs_FirstName", ""), "family_name": row.get("prs_SecondName", ""),
        "latin_name": extra["latin_name"], "gender": row["prs_Gender"],
        "citizenship": [*row.get("prs_Citizenship", []), *extra["citizenship_other"]],
        "birth_date": row.get("prs_Birthdate"), "estimated_age": extra["estimated_age"],
        "age_in_doubt": extra["age_in_doubt"], "languages": extra["languages"],
        "phone": row.get("prs_MobilePhone") or extra["phone_other"],
        "address": extra["address"]}, vocabulary)
    consent = read_consent(_need(ext["consent"], dict), vocabulary)
    if consent.record != row["con_Consent"]:
        raise ValueError("con_Consent does not match the consent")
    authority = _need(ext["authority_decision"], dict, nullable=True)
    case = _case(d, ext, row["cas_ReferringOrganisation"], CaseStatus(row["cas_Status"]),
                 person, consent)
    case.authority_decision = None if authority is None else AuthorityDecision.from_dict(
        authority)
    status, org = htcds_record.trafficking_status(case)
    if (row.get("vic_TraffickingStatus"), row.get("vic_TraffickingStatusDecisionMakingOrg")) \
            != (None if status is None else status.value, None if org is None else org.value):
        raise ValueError("vic_TraffickingStatus does not match the case")
    return case


def _case(d: dict[str, Any], body: dict[str, Any], referring: str, status: CaseStatus,
          person: Person, consent: Consent) -> Case:
    """The parts both versions share, under the names both use."""
    for key in ("officer_language", "note"):
        _need(body[key], str)
    _need(body["interviewee_language"], str, nullable=True)
    _need(body["draft"], bool)
    form = _need(body["form"], dict)
    if set(form) != {"id", "version"}:
        raise ValueError("form")
    answers = _need(body["answers"], dict)
    decision = _need(body["decision"], dict, nullable=True)
    created = Case(
        id=d["case_id"],
        reference=d["reference"],
        created_by=referring,
        status=status,
        person=person,
        consent=consent,
        form_id=_need(form["id"], str, nullable=True),
        form_version=_need(form["version"], str, nullable=True),
        officer_language=body["officer_language"],
        interviewee_language=body["interviewee_language"],
        answers={k: _answer(k, a) for k, a in answers.items()},
        outcomes=[Outcome.from_dict(_need(o, dict)) for o in _need(body["outcomes"], list)],
        decision=None if decision is None else OfficerDecision.from_dict(decision),
        note=body["note"],
        draft=body["draft"],
    )
    created.created_at = datetime.fromisoformat(d["created_at"])
    created.updated_at = datetime.fromisoformat(d["updated_at"]) if d["updated_at"] else utc_now()
    return created


def _case_from_v1(d: dict[str, Any], vocabulary: Vocabulary) -> Case:
    """A case.json written before HTCDS 2.0: its old values are read as 2.0 values."""
    if set(d) != _TOP_FIELDS_V1:
        raise ValueError("case.json fields")
    ReferralReason(d["cas_ReasonForOutgoingReferral"])
    date.fromisoformat(_need(d["cas_OutgoingReferralDate"], str))
    _need(d["cas_OutgoingReferralDetails"], str, nullable=True)
    for key in ("case_id", "reference", "cas_ReferringOrganisation", "cas_ReferredOrganisation",
                "created_at", "updated_at"):
        _need(d[key], str)
    _need(d["vic_AgreementToManagePersonalData"], bool)
    p = _need(d["person"], dict)
    if set(p) != set(PERSON_FIELDS_V1.values()):
        raise ValueError("person fields")
    person = read_person({k: p[v] for k, v in PERSON_FIELDS_V1.items()}, vocabulary)
    return _case(d, d, d["cas_ReferringOrganisation"], CaseStatus(d["cas_Status"]), person,
                 read_consent(_need(d["consent"], dict), vocabulary))


def referral_details(d: dict[str, Any]) -> dict[str, Any]:
    """The HTCDS referral fields of a case.json of either version (already validated)."""
    row = d["htcds"] if d.get("schema_version") == 2 else d
    return {
        "referring": row["cas_ReferringOrganisation"],
        "referred": row["cas_ReferredOrganisation"],
        "date": row["cas_OutgoingReferralDate"],
        "reason": row["cas_ReasonForOutgoingReferral"],
        "details": row.get("cas_OutgoingReferralDetails"),
    }
