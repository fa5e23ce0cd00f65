"""The validation layer: every field of a person, consent and case (with its
answers, outcomes, decision and referrals), of an installation's agency, and what
each may hold. The kinds of value and the limits are in `domain.values`.

Every entry point goes through here: `cases add` and packet import read JSON with
`read_person` / `read_consent` / `read_case_fields`; the case repository checks
every object it stores with `check_*` (so a GUI form, the demo generator or a
restore cannot store what was never checked); `init` checks the agency with
`check_installation`. Refusals raise `Invalid`, whose `problem` names the field
and what is allowed (translated where shown: `screening_app.errors.InvalidValue`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from screening_app.domain.models import (
    GENDER_ALIASES,
    LEGACY_AGENCY_TYPES,
    Agency,
    AgencyService,
    AgencyType,
    Answer,
    AuthorityDecision,
    Case,
    CaseStatus,
    Consent,
    ConsentMethod,
    DecisionMakingOrg,
    DimensionResult,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralReason,
    ReferralStatus,
    Role,
    TraffickingStatus,
)
from screening_app.domain.phones import e164
from screening_app.domain.values import (
    ADDRESS_MAX,
    AGE_MAX,
    AGE_MIN,
    ANSWERS_MAX,
    EARLIEST_BIRTH,
    EARLIEST_TIME,
    LIST_MAX,
    NAME_MAX,
    NOTE_MAX,
    OUTCOMES_MAX,
    PHONE_MAX,
    PROFILE_MAX_BYTES,
    REASON_MAX,
    REFERRALS_MAX,
    TEXT_MAX,
    Choice,
    Code,
    Context,
    Day,
    Expected,
    FixedVocabulary,
    Flag,
    Ident,
    Invalid,
    Json,
    Keyed,
    ListOf,
    Moment,
    Nested,
    Problem,
    Rule,
    Spec,
    Text,
    Uuid,
    Vocabulary,
    Whole,
    check_fields,
    context,
    forbidden_character,
    is_blank,
    join,
    read_fields,
    visible,
)

PERSON: dict[str, Spec] = {
    "given_name": Text(NAME_MAX),
    "family_name": Text(NAME_MAX),
    "latin_name": Text(NAME_MAX),
    "gender": Choice(Gender, aliases=GENDER_ALIASES),
    "citizenship": ListOf(Code("country")),     # HTCDS 2.0 prs_Citizenship
    "birth_date": Day(EARLIEST_BIRTH, nullable=True),
    "estimated_age": Whole(AGE_MIN, AGE_MAX, nullable=True),
    "age_in_doubt": Flag(),
    "languages": ListOf(Code("language")),
    "phone": Text(PHONE_MAX, nullable=True),
    "address": Text(ADDRESS_MAX, nullable=True),
}
# Keys written before HTCDS 2.0 that `read_person` still takes, and the key each
# stands for: one country code instead of the list.
OLD_PERSON_KEYS: dict[str, tuple[str, Spec]] = {
    "nationality": ("citizenship", Code("country", nullable=True)),
}
CONSENT: dict[str, Spec] = {
    "interview": Flag(),
    "record": Flag(),
    "share_for_referral": Flag(),
    "how": Choice(ConsentMethod),
    "interpreter_used": Flag(),
    "interpreter_language": Code("language", nullable=True),
    "lawful_exception": Text(REASON_MAX, nullable=True),
    "given_at": Moment(nullable=True),
    "withdrawn_at": Moment(nullable=True),
}
# Fields of a case besides person, consent and the lists (what `cases add` and
# `CaseRepository.update` write).
CASE: dict[str, Spec] = {
    "id": Uuid(),
    "reference": Text(TEXT_MAX, required=True),
    "created_by": Text(TEXT_MAX, required=True),
    "created_at": Moment(),
    "updated_at": Moment(),
    "status": Choice(CaseStatus),
    "form_id": Ident(TEXT_MAX, nullable=True),
    "form_version": Ident(TEXT_MAX, nullable=True),
    "officer_language": Code("program"),
    "interviewee_language": Code("program", nullable=True),
    "shared_with": ListOf(Text(TEXT_MAX, required=True)),
    "note": Text(NOTE_MAX, multiline=True, blank_ok=True),
    "draft": Flag(),
    "authority_decision": Nested(lambda d, n, c: _check_object(
        d, AuthorityDecision, AUTHORITY_DECISION, n, c), nullable=True),
    "incoming_referral": Nested(lambda r, n, c: _check_object(
        r, IncomingReferral, INCOMING_REFERRAL, n, c), nullable=True),
}
# What a `cases add` profile may set on the case itself.
CASE_INPUT = ("form_id", "form_version", "officer_language", "interviewee_language", "note")
ANSWER: dict[str, Spec] = {
    "question_id": Ident(100),
    "value": Json(NOTE_MAX),
    "answered_at": Moment(),
    "answered_by": Text(TEXT_MAX, nullable=True),
}
DIMENSION: dict[str, Spec] = {
    "positive": Flag(),
    "indicators": ListOf(Ident(TEXT_MAX), limit=500),
    "strong": Whole(0, 10_000), "medium": Whole(0, 10_000), "weak": Whole(0, 10_000),
    "reason": Text(REASON_MAX, multiline=True, blank_ok=True),
}
OUTCOME: dict[str, Spec] = {
    "kind": Choice(OutcomeKind),
    "urgent": Flag(),
    "indicator_set": Text(TEXT_MAX),
    "rule_set": Text(TEXT_MAX),
    "rule_set_version": Text(TEXT_MAX),
    "dimensions": Keyed(Nested(lambda v, n, c: _check_object(v, DimensionResult, DIMENSION,
                                                              n, c)), limit=100),
    "urgent_reasons": ListOf(Ident(TEXT_MAX), limit=500),
    "evidence": Keyed(ListOf(Ident(TEXT_MAX), limit=500), limit=500),
    "rule": Text(NOTE_MAX, multiline=True, blank_ok=True),
    "provisional": Flag(),
    "computed_at": Moment(),
    "extra": Json(NOTE_MAX),
}
DECISION: dict[str, Spec] = {
    "suggested": Choice(OutcomeKind),
    "decided": Choice(OutcomeKind),
    "reason": Text(NOTE_MAX, multiline=True, nullable=True, blank_ok=True),
    "decided_by": Text(TEXT_MAX, required=True),
    "decided_at": Moment(),
}
REFERRAL: dict[str, Spec] = {
    "id": Ident(TEXT_MAX),
    "case_id": Uuid(),
    "agency_id": Ident(TEXT_MAX),
    "languages": ListOf(Code("program")),
    "status": Choice(ReferralStatus),
    "created_at": Moment(),
    "created_by": Text(TEXT_MAX, nullable=True),
    "reason": Choice(ReferralReason, nullable=True),    # cas_ReasonForOutgoingReferral
    "packet_id": Ident(TEXT_MAX, nullable=True),
    "received_at": Moment(nullable=True),
    "details": Text(NOTE_MAX, multiline=True, nullable=True, blank_ok=True),
}
# Only a competent authority's decision makes an actual victim, or not a victim
# (HTCDS vic_TraffickingStatus); a screening never does, and no decision is dated
# in the future.
FORMAL_STATUSES = (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM)
EARLIEST_DECISION = EARLIEST_TIME.date()
AUTHORITY_DECISION: dict[str, Spec] = {
    "status": Choice(TraffickingStatus, only=FORMAL_STATUSES),
    "decided_by": Choice(DecisionMakingOrg),
    "decided_on": Day(EARLIEST_DECISION),
    "authority": Text(NAME_MAX, blank_ok=True),
    "reference": Text(TEXT_MAX, nullable=True),
    "recorded_by": Text(TEXT_MAX),
    "recorded_at": Moment(),
}
# How a case came here by packet (cas_IncomingReferral...), kept by the receiver.
INCOMING_REFERRAL: dict[str, Spec] = {
    "referring_agency": Ident(TEXT_MAX),
    "received_on": Day(EARLIEST_DECISION),
    "reason": Choice(ReferralReason, nullable=True),
    "details": Text(NOTE_MAX, multiline=True, nullable=True, blank_ok=True),
    "packet_id": Ident(TEXT_MAX, nullable=True),
}
AGENCY: dict[str, Spec] = {
    "id": Ident(TEXT_MAX),
    "name": Text(NAME_MAX, required=True),
    "type": Choice(AgencyType, nullable=True),          # HTCDS 2.0 org_Type
    "service": Choice(AgencyService, nullable=True),    # the project's extension
    "country": Code("country"),
    "names": Keyed(Text(NAME_MAX, required=True), limit=LIST_MAX, key=Code("language")),
    "phone": Text(PHONE_MAX, nullable=True),
    "email": Text(TEXT_MAX, nullable=True),
    "address": Text(ADDRESS_MAX, nullable=True),
    "language": Code("language", nullable=True),
    "age_recipients": ListOf(Text(TEXT_MAX, required=True), limit=16),
    "signing_keys": ListOf(Text(TEXT_MAX, required=True), limit=16),
    "fingerprint": Text(TEXT_MAX, nullable=True),
    "verified": Flag(),
}
INSTALLATION: dict[str, Spec] = {
    "agency_name": Text(NAME_MAX, nullable=True, required=True),
    "country": Code("country", nullable=True),
    # an org_Type, or a type name written before HTCDS 2.0 (init maps it)
    "agency_type": Choice(AgencyType, nullable=True,
                          aliases={k: t for k, (t, _s) in LEGACY_AGENCY_TYPES.items()}),
    "agency_service": Choice(AgencyService, nullable=True),
    "site_code": Ident(8, nullable=True),
}
ROLE = Choice(Role)


def _check_object(obj: Any, kind: type, specs: dict[str, Spec], where: str,
                  ctx: Context) -> None:
    if not isinstance(obj, kind):
        raise Invalid(Problem(where, Rule.TYPE, expected=Expected.OBJECT))
    check_fields(obj, specs, where, ctx)


# --- domain objects ---------------------------------------------------------
def check_person(person: Person, vocabulary: Vocabulary, *, where: str = "person",
                 today: date | None = None) -> None:
    _check_object(person, Person, PERSON, where, context(vocabulary, today))


def check_consent(consent: Consent, vocabulary: Vocabulary, *,
                  where: str = "consent") -> None:
    _check_object(consent, Consent, CONSENT, where, context(vocabulary))


def check_form(form_id: Any, form_version: Any, vocabulary: Vocabulary) -> None:
    """Both None, or a form id and version installed here."""
    ctx = context(vocabulary)
    CASE["form_id"].check(form_id, "form_id", ctx)
    CASE["form_version"].check(form_version, "form_version", ctx)
    if form_id is None and form_version is None:
        return
    if form_id is None or form_version is None:
        raise Invalid(Problem("form_version" if form_version is None else "form_id",
                              Rule.FORM_PAIR))
    installed = vocabulary.forms()
    if (form_id, form_version) not in installed:
        raise Invalid(Problem("form_id", Rule.FORM,
                              allowed=tuple(f"{i} {v}" for i, v in installed)))


def check_case(case: Case, vocabulary: Vocabulary, *, deep: bool = True,
               today: date | None = None) -> None:
    """The whole case; `deep=False` leaves out answers, outcomes, decision and
    referrals (they are saved by their own repository methods)."""
    if not isinstance(case, Case):
        raise Invalid(Problem("case", Rule.TYPE, expected=Expected.OBJECT))
    ctx = context(vocabulary, today)
    check_fields(case, CASE, "", ctx)
    check_form(case.form_id, case.form_version, vocabulary)
    _check_object(case.person, Person, PERSON, "person", ctx)
    _check_object(case.consent, Consent, CONSENT, "consent", ctx)
    if not deep:
        return
    Keyed(Nested(lambda a, n, c: check_answer_in(a, n, c)), ANSWERS_MAX).check(
        case.answers, "answers", ctx)
    for qid, answer in case.answers.items():
        if answer.question_id != qid:
            raise Invalid(Problem(f"answers.{qid}", Rule.MISMATCH))
    ListOf(Nested(lambda o, n, c: _check_object(o, Outcome, OUTCOME, n, c)),
           OUTCOMES_MAX).check(case.outcomes, "outcomes", ctx)
    if case.decision is not None:
        _check_object(case.decision, OfficerDecision, DECISION, "decision", ctx)
    ListOf(Nested(lambda r, n, c: _check_object(r, Referral, REFERRAL, n, c)),
           REFERRALS_MAX).check(case.referrals, "referrals", ctx)
    for i, referral in enumerate(case.referrals):
        if referral.case_id != case.id:
            raise Invalid(Problem(f"referrals[{i}].case_id", Rule.MISMATCH))


def check_answer_in(answer: Any, where: str, ctx: Context) -> None:
    _check_object(answer, Answer, ANSWER, where, ctx)


def check_answer(answer: Answer, vocabulary: Vocabulary) -> None:
    qid = answer.question_id if isinstance(answer, Answer) else None
    where = f"answers.{visible(qid[:100])}" if isinstance(qid, str) else "answer"
    check_answer_in(answer, where, context(vocabulary))


def check_outcome(outcome: Outcome, vocabulary: Vocabulary) -> None:
    _check_object(outcome, Outcome, OUTCOME, "outcome", context(vocabulary))


def check_decision(decision: OfficerDecision, vocabulary: Vocabulary) -> None:
    _check_object(decision, OfficerDecision, DECISION, "decision", context(vocabulary))


def check_referral(referral: Referral, vocabulary: Vocabulary) -> None:
    _check_object(referral, Referral, REFERRAL, "referral", context(vocabulary))


def check_agency(agency: Agency, vocabulary: Vocabulary, *, where: str = "agency") -> None:
    """An agency as a key card or the directory describes it."""
    _check_object(agency, Agency, AGENCY, where, context(vocabulary))


def check_installation(vocabulary: Vocabulary, **facts: Any) -> None:
    """init's agency name, country, agency type and site code (all optional)."""
    ctx = context(vocabulary)
    for key, value in facts.items():
        spec = INSTALLATION[key]
        if isinstance(spec, Choice) and isinstance(value, str):
            spec.read(value, key, ctx)
        else:
            spec.check(value, key, ctx)


def read_installation_value(key: str, raw: Any, vocabulary: Vocabulary, name: str) -> Any:
    """One of init's values given as text (`name` is how the user gave it)."""
    return INSTALLATION[key].read(raw, name, context(vocabulary))


def read_authority_value(key: str, raw: Any, vocabulary: Vocabulary, name: str,
                         today: date | None = None) -> Any:
    """One field of a competent authority's decision given as text (a formal status,
    a kind of authority, a date not in the future, the authority's name)."""
    return AUTHORITY_DECISION[key].read(raw, name, context(vocabulary, today))


def read_referral_value(key: str, raw: Any, vocabulary: Vocabulary, name: str) -> Any:
    """A referral's reason (HTCDS cas_ReasonForOutgoingReferral) or details, as text."""
    return REFERRAL[key].read(raw, name, context(vocabulary))


def read_age(raw: Any, name: str = "age") -> int:
    """An age in years (0 to 120) given as text."""
    try:
        value = int(raw) if isinstance(raw, str) and raw.strip().lstrip("-").isdigit() else raw
    except ValueError:
        value = raw
    result: int = Whole(AGE_MIN, AGE_MAX).read(value, name, _LOOSE)
    return result


# --- JSON documents -----------------------------------------------------------
def _defaults(doc: dict[str, Any], nulls: dict[str, Any]) -> dict[str, Any]:
    """JSON null where the domain has a non-null default (names, gender)."""
    return {k: (nulls[k] if v is None and k in nulls else v) for k, v in doc.items()}


def read_person(doc: Any, vocabulary: Vocabulary, *, where: str = "person",
                today: date | None = None) -> Person:
    """A Person from JSON with the domain's field names; missing keys take the
    defaults, null names mean empty and null gender means NonSpecifiedUnknown. The
    names and values written before HTCDS 2.0 are read too: gender Male, Female,
    Unknown, Transgender/NonConforming and one `nationality` code."""
    ctx = context(vocabulary, today)
    if isinstance(doc, dict):
        doc = _defaults(_new_keys(doc, where, ctx),
                        {"given_name": "", "family_name": "", "latin_name": "",
                         "gender": Gender.NOT_SPECIFIED.value})
    return Person(**read_fields(doc, PERSON, where, ctx))


def _new_keys(doc: dict[str, Any], where: str, ctx: Context) -> dict[str, Any]:
    """`doc` with each old key (nationality) read and written under its new one."""
    out = dict(doc)
    for old, (new, spec) in OLD_PERSON_KEYS.items():
        if old not in out:
            continue
        if new in out:
            raise Invalid(Problem(join(where, old), Rule.EITHER, allowed=(new, old)))
        value = spec.read(out.pop(old), join(where, old), ctx)
        out[new] = [] if value is None else [value]
    return out


def read_consent(doc: Any, vocabulary: Vocabulary, *, where: str = "consent") -> Consent:
    return Consent(**read_fields(doc, CONSENT, where, context(vocabulary)))


def read_case_fields(doc: dict[str, Any], vocabulary: Vocabulary,
                     where: str = "") -> dict[str, Any]:
    """The case-level keys of a `cases add` profile (form, languages, note)."""
    specs = {k: CASE[k] for k in CASE_INPUT}
    values = read_fields(doc, specs, where, context(vocabulary))
    check_form(values.get("form_id"), values.get("form_version"), vocabulary)
    return values


def read_profile(doc: Any, vocabulary: Vocabulary, today: date | None = None,
                 ) -> tuple[Person, Consent, dict[str, Any]]:
    """A `cases add` profile: person keys at the top, "consent" as an object, and the
    case keys of CASE_INPUT; a phone number must be in international form (E.164).
    Returns (Person, Consent, case keyword arguments)."""
    if not isinstance(doc, dict):
        raise Invalid(Problem("profile", Rule.TYPE, expected=Expected.OBJECT))
    allowed = (*PERSON, *OLD_PERSON_KEYS, "consent", *CASE_INPUT)
    for key in doc:
        if key not in allowed:
            raise Invalid(Problem(visible(str(key)[:60]), Rule.UNKNOWN_KEY, allowed=allowed))
    person = read_person({k: v for k, v in doc.items() if k in PERSON or k in OLD_PERSON_KEYS},
                         vocabulary, where="", today=today)
    if person.phone is not None:
        # A new case's phone is written as HTCDS 2.0 writes it: E.164.
        person.phone = e164(person.phone)
        if person.phone is None:
            raise Invalid(Problem("phone", Rule.PHONE))
    consent = read_consent(doc["consent"], vocabulary) if "consent" in doc else Consent()
    extra = read_case_fields({k: v for k, v in doc.items() if k in CASE_INPUT}, vocabulary)
    return person, consent, extra


def read_role(value: Any) -> Role:
    result: Role = ROLE.read(value, "role", _LOOSE)
    return result


_LOOSE = context(FixedVocabulary((), frozenset(), frozenset()))

__all__ = [
    "ADDRESS_MAX",
    "AGE_MAX",
    "AGE_MIN",
    "CASE",
    "CASE_INPUT",
    "CONSENT",
    "EARLIEST_BIRTH",
    "EARLIEST_TIME",
    "FORMAL_STATUSES",
    "NAME_MAX",
    "NOTE_MAX",
    "OLD_PERSON_KEYS",
    "PERSON",
    "PHONE_MAX",
    "PROFILE_MAX_BYTES",
    "REASON_MAX",
    "TEXT_MAX",
    "Expected",
    "FixedVocabulary",
    "Invalid",
    "Problem",
    "Rule",
    "Vocabulary",
    "check_agency",
    "check_answer",
    "check_case",
    "check_consent",
    "check_decision",
    "check_form",
    "check_installation",
    "check_outcome",
    "check_person",
    "check_referral",
    "forbidden_character",
    "is_blank",
    "join",
    "read_age",
    "read_authority_value",
    "read_case_fields",
    "read_consent",
    "read_installation_value",
    "read_person",
    "read_profile",
    "read_referral_value",
    "read_role",
]
