"""case.json: a case as it travels in a packet, with HTCDS field names where the
IOM Human Trafficking Case Data Standard has one (prefixes prs_, vic_, cas_).

The mapping is documented in docs/packet-format.md. Fields HTCDS lacks keep
the program's own names. Local user names are not sent except where the domain
needs them (who answered, who decided). `case_from_packet` is strict: an
unknown or missing key is a ValueError; the person and consent are read by the
validation layer, whose refusal (`domain.validation.Invalid`, a ValueError too)
names the field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from screening_app.domain import (
    Answer,
    Case,
    CaseStatus,
    OfficerDecision,
    Outcome,
)
from screening_app.domain.models import utc_now
from screening_app.domain.validation import Vocabulary, read_consent, read_person

SCHEMA = "screening-app-case"
SCHEMA_VERSION = 1

# domain Person field -> case.json field
PERSON_FIELDS: dict[str, str] = {
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
REASONS = ("AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other")
_TOP_FIELDS = {
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
    reason: str = "AdditionalServicesRequired",
    details: str | None = None,
) -> dict[str, Any]:
    person = case.person.to_dict()
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "case_id": case.id,
        "reference": case.reference,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "cas_Status": case.status.value,
        "cas_ReferringOrganisation": referring,
        "cas_ReferredOrganisation": referred,
        "cas_OutgoingReferralDate": referral_date.isoformat(),
        "cas_ReasonForOutgoingReferral": reason,
        "cas_OutgoingReferralDetails": details,
        "person": {PERSON_FIELDS[k]: v for k, v in person.items()},
        "vic_AgreementToManagePersonalData": case.consent.record,
        "consent": case.consent.to_dict(),
        "form": {"id": case.form_id, "version": case.form_version},
        "officer_language": case.officer_language,
        "interviewee_language": case.interviewee_language,
        "answers": {k: a.to_dict() for k, a in case.answers.items()},
        "outcomes": [o.to_dict() for o in case.outcomes],
        "decision": None if case.decision is None else case.decision.to_dict(),
        "note": case.note,
        "draft": case.draft,
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
    """The domain Case of a case.json; `created_by` names the referring agency."""
    if vocabulary is None:
        from screening_app.vocabulary import installed

        vocabulary = installed()
    if set(d) != _TOP_FIELDS:
        raise ValueError("case.json fields")
    if d["schema"] != SCHEMA or d["schema_version"] != SCHEMA_VERSION:
        raise ValueError("case.json schema")
    if d["cas_ReasonForOutgoingReferral"] not in REASONS:
        raise ValueError("referral reason")
    date.fromisoformat(_need(d["cas_OutgoingReferralDate"], str))
    _need(d["cas_OutgoingReferralDetails"], str, nullable=True)
    for key in ("case_id", "reference", "cas_ReferringOrganisation", "cas_ReferredOrganisation",
                "officer_language", "note", "created_at", "updated_at"):
        _need(d[key], str)
    _need(d["interviewee_language"], str, nullable=True)
    _need(d["draft"], bool)
    _need(d["vic_AgreementToManagePersonalData"], bool)
    p = _need(d["person"], dict)
    if set(p) != set(PERSON_FIELDS.values()):
        raise ValueError("person fields")
    person = read_person({k: p[v] for k, v in PERSON_FIELDS.items()}, vocabulary)
    consent = read_consent(_need(d["consent"], dict), vocabulary)
    form = _need(d["form"], dict)
    if set(form) != {"id", "version"}:
        raise ValueError("form")
    answers = _need(d["answers"], dict)
    decision = _need(d["decision"], dict, nullable=True)
    created = Case(
        id=d["case_id"],
        reference=d["reference"],
        created_by=d["cas_ReferringOrganisation"],
        status=CaseStatus(d["cas_Status"]),
        person=person,
        consent=consent,
        form_id=_need(form["id"], str, nullable=True),
        form_version=_need(form["version"], str, nullable=True),
        officer_language=d["officer_language"],
        interviewee_language=d["interviewee_language"],
        answers={k: _answer(k, a) for k, a in answers.items()},
        outcomes=[Outcome.from_dict(_need(o, dict)) for o in _need(d["outcomes"], list)],
        decision=None if decision is None else OfficerDecision.from_dict(decision),
        note=d["note"],
        draft=d["draft"],
    )
    created.created_at = datetime.fromisoformat(d["created_at"])
    created.updated_at = datetime.fromisoformat(d["updated_at"]) if d["updated_at"] else utc_now()
    return created


def referral_details(d: dict[str, Any]) -> dict[str, Any]:
    """The HTCDS referral fields of a case.json (already validated)."""
    return {
        "referring": d["cas_ReferringOrganisation"],
        "referred": d["cas_ReferredOrganisation"],
        "date": d["cas_OutgoingReferralDate"],
        "reason": d["cas_ReasonForOutgoingReferral"],
        "details": d["cas_OutgoingReferralDetails"],
    }
