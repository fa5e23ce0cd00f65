"""The things officers talk about: cases, persons, consents, answers, outcomes,
referrals, agencies and users.

Every class converts to and from plain JSON-able dicts (`to_dict` / `from_dict`)
so that storage, packets and documents share one shape. Field names follow the
IOM Human Trafficking Case Data Standard (HTCDS) where it has a field.
"""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any


def utc_now() -> datetime:
    return datetime.now(UTC)


def _iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _citizenship(d: dict[str, Any]) -> list[str]:
    """`citizenship` (a list), or the one `nationality` code written before HTCDS 2.0."""
    if "citizenship" in d:
        return list(d.get("citizenship") or [])
    nationality = d.get("nationality")
    return [nationality] if nationality else []


class Gender(StrEnum):
    """HTCDS 2.0 `prs_Gender` values. The values of HTCDS 0.1-0.2 (Male, Female,
    Transgender/NonConforming, Unknown), which this program wrote before, are read as
    aliases: `Gender("Male") is Gender.MASCULINE`. "Transgender/NonConforming" names
    three 2.0 values at once and cannot be split honestly: it is read as
    NonSpecifiedUnknown (the officer can correct the profile)."""

    MASCULINE = "Masculine"
    FEMININE = "Feminine"
    TRANSGENDER_FEMININE = "TransgenderFeminine"
    TRANSGENDER_MASCULINE = "TransgenderMasculine"
    NON_CONFORMING = "NonConforming"
    NOT_SPECIFIED = "NonSpecifiedUnknown"
    # Older names of the same members, so code written before 2.0 reads on.
    MALE = "Masculine"
    FEMALE = "Feminine"
    UNKNOWN = "NonSpecifiedUnknown"

    @classmethod
    def _missing_(cls, value: object) -> Gender | None:
        return GENDER_ALIASES.get(value) if isinstance(value, str) else None


# Values written before HTCDS 2.0 (cases add profiles, v1 packets, stored cases).
GENDER_ALIASES: dict[str, Gender] = {
    "Male": Gender.MASCULINE,
    "Female": Gender.FEMININE,
    "Transgender/NonConforming": Gender.NOT_SPECIFIED,
    "Unknown": Gender.NOT_SPECIFIED,
}


class CaseStatus(StrEnum):
    """HTCDS case status."""

    ACTIVE = "Active"
    FOLLOW_UP = "FollowUp"
    CLOSED = "Closed"
    CLOSED_REFERRED = "ClosedReferred"


class ConsentMethod(StrEnum):
    VERBAL = "verbal"
    WRITTEN = "written"
    GUARDIAN = "guardian"


class OutcomeKind(StrEnum):
    """Suggested screening outcome, strongest first (see CONTENT.md §2)."""

    PRESUMED_VICTIM = "presumed_victim"
    INDICATORS_PRESENT = "indicators_present"
    NO_INDICATORS = "no_indicators"

    @property
    def rank(self) -> int:
        """2 for presumed victim, 1 for indicators present, 0 for none."""
        return {"presumed_victim": 2, "indicators_present": 1, "no_indicators": 0}[self.value]


class Role(StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class AgencyType(StrEnum):
    """HTCDS 2.0 `org_Type`: what kind of organisation an agency is. The standard has
    no "other": an agency that is none of these has no type (None)."""

    NGO = "NGO"
    LAW_ENFORCEMENT = "LawEnforcement"
    HEALTH_SERVICE = "HealthServiceOrganisation"
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation"
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation"
    IMMIGRATION = "ImmigrationService"
    LEGAL = "LegalService"
    CORPORATE_BUSINESS = "CorporateBusiness"
    SCHOOL_OR_COLLEGE = "SchoolOrCollege"


class AgencyService(StrEnum):
    """The project's own extension (not HTCDS): the service an agency gives to a
    referred person when org_Type cannot say it. Written as `x_service`, never in an
    HTCDS field."""

    SHELTER = "Shelter"
    SOCIAL_SERVICE = "SocialService"
    EMBASSY = "Embassy"
    INTERNATIONAL = "InternationalOrganisation"


# Agency types written before HTCDS 2.0 -> (org_Type, service). An embassy is an
# organ of a (foreign) central government; the others say nothing about org_Type.
LEGACY_AGENCY_TYPES: dict[str, tuple[AgencyType | None, AgencyService | None]] = {
    "SocialService": (None, AgencyService.SOCIAL_SERVICE),
    "Shelter": (None, AgencyService.SHELTER),
    "Embassy": (AgencyType.CENTRAL_GOVERNMENT, AgencyService.EMBASSY),
    "InternationalOrganisation": (None, AgencyService.INTERNATIONAL),
    "Other": (None, None),
}


def agency_kind(type_value: str | None, service_value: str | None = None
                ) -> tuple[AgencyType | None, AgencyService | None]:
    """(org_Type, service) from stored or received values; a pre-2.0 agency type in
    `type_value` is mapped. ValueError for anything else."""
    if type_value in LEGACY_AGENCY_TYPES:
        kind, service = LEGACY_AGENCY_TYPES[type_value]
    else:
        kind, service = (None if type_value is None else AgencyType(type_value)), None
    if service_value is not None:
        service = AgencyService(service_value)
    return kind, service


class ReferralReason(StrEnum):
    """HTCDS 2.0 `cas_ReasonForOutgoingReferral` / `cas_ReasonForIncomingReferral`."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired"
    MIGRATION_OR_MOVE = "MigrationOrChangeOfLocation"
    OTHER = "Other"


class TraffickingStatus(StrEnum):
    """HTCDS 2.0 `vic_TraffickingStatus`. A screening never makes an actual (or a
    not-a-) victim: only a competent authority's recorded decision does."""

    POSSIBLE = "PossibleVictimOfTrafficking"
    ACTUAL = "ActualVictimOfTrafficking"
    NOT_A_VICTIM = "NotAVictimOfTrafficking"


class DecisionMakingOrg(StrEnum):
    """HTCDS 2.0 `vic_TraffickingStatusDecisionMakingOrg`: who decided the status."""

    POLICE = "Police"
    NGO = "NGO"
    COURT_OR_PROSECUTION = "CourtOrProsecution"
    NON_POLICE_GOVERNMENT = "NonPoliceGovernmentalOrganization"
    OTHER = "Other"


class ReferralStatus(StrEnum):
    DRAFT = "draft"
    PRINTED = "printed"
    EXPORTED = "exported"     # packet waiting in the outbox
    SENT = "sent"             # packet copied to a folder or relay
    RECEIVED = "received"     # receipt from the receiving agency imported


@dataclass
class Consent:
    """Three separate consents (CONTENT.md §5), how they were given, and a lawful
    exception that allows a child's referral without consent to share."""

    interview: bool = False
    record: bool = False
    share_for_referral: bool = False
    how: ConsentMethod = ConsentMethod.VERBAL
    interpreter_used: bool = False
    interpreter_language: str | None = None
    lawful_exception: str | None = None   # recorded reason, child's best interests
    given_at: datetime | None = None
    withdrawn_at: datetime | None = None

    @property
    def may_refer(self) -> bool:
        """Referral printing and export need consent to share or a lawful exception."""
        if self.withdrawn_at is not None:
            return False
        return self.share_for_referral or bool(self.lawful_exception)

    def to_dict(self) -> dict[str, Any]:
        return {
            "interview": self.interview,
            "record": self.record,
            "share_for_referral": self.share_for_referral,
            "how": self.how.value,
            "interpreter_used": self.interpreter_used,
            "interpreter_language": self.interpreter_language,
            "lawful_exception": self.lawful_exception,
            "given_at": _iso(self.given_at),
            "withdrawn_at": _iso(self.withdrawn_at),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Consent:
        return cls(
            interview=bool(d.get("interview", False)),
            record=bool(d.get("record", False)),
            share_for_referral=bool(d.get("share_for_referral", False)),
            how=ConsentMethod(d.get("how", "verbal")),
            interpreter_used=bool(d.get("interpreter_used", False)),
            interpreter_language=d.get("interpreter_language"),
            lawful_exception=d.get("lawful_exception"),
            given_at=_datetime(d.get("given_at")),
            withdrawn_at=_datetime(d.get("withdrawn_at")),
        )


@dataclass
class Person:
    """The person interviewed. Names may be in any script; `latin_name` is the
    Latin transliteration shown beside the native-script name."""

    given_name: str = ""
    family_name: str = ""
    latin_name: str = ""
    gender: Gender = Gender.NOT_SPECIFIED
    citizenship: list[str] = field(default_factory=list)   # ISO 3166-1 alpha-2, HTCDS 2.0
    birth_date: date | None = None
    estimated_age: int | None = None
    age_in_doubt: bool = False              # officer or person unsure the person is 18+
    languages: list[str] = field(default_factory=list)   # language codes, e.g. "km"
    phone: str | None = None                # E.164
    address: str | None = None
    # Before HTCDS 2.0: one code. Person(nationality="KH") still works (citizenship ["KH"]).
    nationality: InitVar[str | None] = None

    def __post_init__(self, nationality: str | None) -> None:
        if nationality and not self.citizenship:
            self.citizenship = [nationality]

    def first_citizenship(self) -> str | None:
        """The first country of citizenship (the case list shows and sorts by it)."""
        return self.citizenship[0] if self.citizenship else None

    def age_on(self, day: date) -> int | None:
        if self.birth_date is not None:
            b = self.birth_date
            return day.year - b.year - ((day.month, day.day) < (b.month, b.day))
        return self.estimated_age

    def is_presumed_child(self, day: date) -> bool:
        """Presumption of minority: age under 18, unknown or in doubt means a child."""
        age = self.age_on(day)
        return age is None or age < 18 or self.age_in_doubt

    @property
    def display_name(self) -> str:
        native = " ".join(p for p in (self.family_name, self.given_name) if p)
        return native or self.latin_name

    def to_dict(self) -> dict[str, Any]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "latin_name": self.latin_name,
            "gender": self.gender.value,
            "citizenship": list(self.citizenship),
            "birth_date": _iso(self.birth_date),
            "estimated_age": self.estimated_age,
            "age_in_doubt": self.age_in_doubt,
            "languages": list(self.languages),
            "phone": self.phone,
            "address": self.address,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Person:
        return cls(
            given_name=d.get("given_name") or "",
            family_name=d.get("family_name") or "",
            latin_name=d.get("latin_name") or "",
            gender=Gender(d.get("gender") or Gender.NOT_SPECIFIED),
            citizenship=_citizenship(d),
            birth_date=_date(d.get("birth_date")),
            estimated_age=d.get("estimated_age"),
            age_in_doubt=bool(d.get("age_in_doubt", False)),
            languages=list(d.get("languages") or []),
            phone=d.get("phone"),
            address=d.get("address"),
        )


def _get_nationality(self: Person) -> str | None:
    return self.first_citizenship()


def _set_nationality(self: Person, value: str | None) -> None:
    self.citizenship = [value] if value else []


# Code written before HTCDS 2.0 reads and sets `person.nationality` (the first citizenship).
setattr(Person, "nationality", property(_get_nationality, _set_nationality))  # noqa: B010


@dataclass
class Answer:
    """One answer as given. `value` is JSON-able: bool/str/number/list/dict."""

    question_id: str
    value: Any
    answered_at: datetime = field(default_factory=utc_now)
    answered_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "value": self.value,
            "answered_at": _iso(self.answered_at),
            "answered_by": self.answered_by,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Answer:
        return cls(
            question_id=d["question_id"],
            value=d.get("value"),
            answered_at=_datetime(d.get("answered_at")) or utc_now(),
            answered_by=d.get("answered_by"),
        )


@dataclass
class DimensionResult:
    positive: bool
    indicators: list[str] = field(default_factory=list)
    strong: int = 0
    medium: int = 0
    weak: int = 0
    reason: str = ""        # which clause of the dimension rule decided

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DimensionResult:
        return cls(
            positive=bool(d["positive"]),
            indicators=list(d.get("indicators") or []),
            strong=int(d.get("strong", 0)),
            medium=int(d.get("medium", 0)),
            weak=int(d.get("weak", 0)),
            reason=d.get("reason", ""),
        )


@dataclass
class Outcome:
    """The engine's suggestion with everything needed to explain it later."""

    kind: OutcomeKind
    urgent: bool
    indicator_set: str                      # e.g. "adult_labour" or "child_labour+child_sexual"
    rule_set: str                           # rule set id
    rule_set_version: str
    dimensions: dict[str, DimensionResult] = field(default_factory=dict)
    urgent_reasons: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)  # indicator -> question ids
    rule: str = ""                          # which combination rule decided
    provisional: bool = True                # indicator set not verified against its source
    computed_at: datetime = field(default_factory=utc_now)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.kind.value,
            "urgent": self.urgent,
            "indicator_set": self.indicator_set,
            "rule_set": self.rule_set,
            "rule_set_version": self.rule_set_version,
            "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
            "urgent_reasons": list(self.urgent_reasons),
            "evidence": {k: list(v) for k, v in self.evidence.items()},
            "rule": self.rule,
            "provisional": self.provisional,
            "computed_at": _iso(self.computed_at),
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Outcome:
        return cls(
            kind=OutcomeKind(d["outcome"]),
            urgent=bool(d["urgent"]),
            indicator_set=d["indicator_set"],
            rule_set=d["rule_set"],
            rule_set_version=str(d.get("rule_set_version", "")),
            dimensions={
                k: DimensionResult.from_dict(v) for k, v in d.get("dimensions", {}).items()
            },
            urgent_reasons=list(d.get("urgent_reasons") or []),
            evidence={k: list(v) for k, v in (d.get("evidence") or {}).items()},
            rule=d.get("rule", ""),
            provisional=bool(d.get("provisional", True)),
            computed_at=_datetime(d.get("computed_at")) or utc_now(),
            extra=dict(d.get("extra") or {}),
        )


@dataclass
class OfficerDecision:
    """The officer confirms the suggested outcome or overrides it with a reason."""

    suggested: OutcomeKind
    decided: OutcomeKind
    reason: str | None
    decided_by: str
    decided_at: datetime = field(default_factory=utc_now)

    @property
    def overridden(self) -> bool:
        return self.decided != self.suggested

    def to_dict(self) -> dict[str, Any]:
        return {
            "suggested": self.suggested.value,
            "decided": self.decided.value,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": _iso(self.decided_at),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> OfficerDecision:
        return cls(
            suggested=OutcomeKind(d["suggested"]),
            decided=OutcomeKind(d["decided"]),
            reason=d.get("reason"),
            decided_by=d["decided_by"],
            decided_at=_datetime(d.get("decided_at")) or utc_now(),
        )


@dataclass
class Agency:
    """A receiving or sending organisation (HTCDS organisation fields) and its keys.
    `type` is its HTCDS org_Type (None when none fits); `service` the project's own
    extension for what org_Type cannot say (a shelter, an embassy)."""

    id: str
    name: str
    type: AgencyType | None
    country: str                                   # ISO 3166-1 alpha-2
    names: dict[str, str] = field(default_factory=dict)   # language code -> name
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    language: str | None = None                    # the agency's working language
    age_recipients: list[str] = field(default_factory=list)   # "age1..." public keys
    signing_keys: list[str] = field(default_factory=list)     # Ed25519 public keys, base64
    fingerprint: str | None = None
    verified: bool = False                         # fingerprint compared out of band
    service: AgencyService | None = None

    @property
    def can_receive_packets(self) -> bool:
        return bool(self.age_recipients)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": None if self.type is None else self.type.value,
            "service": None if self.service is None else self.service.value,
            "country": self.country,
            "names": dict(self.names),
            "phone": self.phone,
            "email": self.email,
            "address": self.address,
            "language": self.language,
            "age_recipients": list(self.age_recipients),
            "signing_keys": list(self.signing_keys),
            "fingerprint": self.fingerprint,
            "verified": self.verified,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Agency:
        kind, service = agency_kind(d.get("type"), d.get("service"))
        return cls(
            id=d["id"],
            name=d["name"],
            type=kind,
            service=service,
            country=d["country"],
            names=dict(d.get("names") or {}),
            phone=d.get("phone"),
            email=d.get("email"),
            address=d.get("address"),
            language=d.get("language"),
            age_recipients=list(d.get("age_recipients") or []),
            signing_keys=list(d.get("signing_keys") or []),
            fingerprint=d.get("fingerprint"),
            verified=bool(d.get("verified", False)),
        )


@dataclass
class Referral:
    id: str
    case_id: str
    agency_id: str
    languages: list[str]
    status: ReferralStatus = ReferralStatus.DRAFT
    created_at: datetime = field(default_factory=utc_now)
    created_by: str | None = None
    reason: ReferralReason | None = None
    packet_id: str | None = None
    received_at: datetime | None = None
    details: str | None = None                  # cas_OutgoingReferralDetails

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "case_id": self.case_id,
            "agency_id": self.agency_id,
            "languages": list(self.languages),
            "status": self.status.value,
            "created_at": _iso(self.created_at),
            "created_by": self.created_by,
            "reason": None if self.reason is None else self.reason.value,
            "packet_id": self.packet_id,
            "received_at": _iso(self.received_at),
            "details": self.details,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Referral:
        return cls(
            id=d["id"],
            case_id=d["case_id"],
            agency_id=d["agency_id"],
            languages=list(d.get("languages") or []),
            status=ReferralStatus(d.get("status", "draft")),
            created_at=_datetime(d.get("created_at")) or utc_now(),
            created_by=d.get("created_by"),
            reason=None if d.get("reason") is None else ReferralReason(d["reason"]),
            packet_id=d.get("packet_id"),
            received_at=_datetime(d.get("received_at")),
            details=d.get("details"),
        )


@dataclass
class AuthorityDecision:
    """A competent authority's formal decision on whether the person is a victim of
    trafficking, as recorded by an officer (HTCDS vic_TraffickingStatus and
    vic_TraffickingStatusDecisionMakingOrg). A screening outcome is never one."""

    status: TraffickingStatus
    decided_by: DecisionMakingOrg
    decided_on: date
    authority: str = ""                         # the authority's name, as written
    reference: str | None = None                # its decision's number or file
    recorded_by: str = ""
    recorded_at: datetime = field(default_factory=utc_now)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "decided_by": self.decided_by.value,
            "decided_on": self.decided_on.isoformat(),
            "authority": self.authority,
            "reference": self.reference,
            "recorded_by": self.recorded_by,
            "recorded_at": _iso(self.recorded_at),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuthorityDecision:
        return cls(
            status=TraffickingStatus(d["status"]),
            decided_by=DecisionMakingOrg(d["decided_by"]),
            decided_on=date.fromisoformat(d["decided_on"]),
            authority=d.get("authority") or "",
            reference=d.get("reference"),
            recorded_by=d.get("recorded_by") or "",
            recorded_at=_datetime(d.get("recorded_at")) or utc_now(),
        )


@dataclass
class IncomingReferral:
    """How a case came to this agency by packet (HTCDS cas_ReferringOrganisation,
    cas_IncomingReferralDate, cas_ReasonForIncomingReferral,
    cas_IncomingReferralDetails). Kept here; not sent on."""

    referring_agency: str
    received_on: date
    reason: ReferralReason | None = None
    details: str | None = None
    packet_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "referring_agency": self.referring_agency,
            "received_on": self.received_on.isoformat(),
            "reason": None if self.reason is None else self.reason.value,
            "details": self.details,
            "packet_id": self.packet_id,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IncomingReferral:
        return cls(
            referring_agency=d["referring_agency"],
            received_on=date.fromisoformat(d["received_on"]),
            reason=None if d.get("reason") is None else ReferralReason(d["reason"]),
            details=d.get("details"),
            packet_id=d.get("packet_id"),
        )


@dataclass
class User:
    name: str
    role: Role
    disabled: bool = False
    created_at: datetime = field(default_factory=utc_now)
    language: str = "en"

    @property
    def may_read_all_cases(self) -> bool:
        return self.role is Role.SUPERVISOR

    @property
    def may_manage_users(self) -> bool:
        return self.role is Role.ADMIN


@dataclass
class Case:
    """One screening case. `answers` holds the latest answer per question id."""

    id: str
    reference: str                           # country-site-device-counter, for paper and phone
    created_by: str
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    status: CaseStatus = CaseStatus.ACTIVE
    person: Person = field(default_factory=Person)
    consent: Consent = field(default_factory=Consent)
    form_id: str | None = None
    form_version: str | None = None
    officer_language: str = "en"
    interviewee_language: str | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)   # history, newest last
    decision: OfficerDecision | None = None
    referrals: list[Referral] = field(default_factory=list)
    shared_with: list[str] = field(default_factory=list)    # user names
    note: str = ""                                          # officer's free text
    draft: bool = True                                      # interview not finished
    authority_decision: AuthorityDecision | None = None     # formal identification
    incoming_referral: IncomingReferral | None = None       # how it came here

    @property
    def outcome(self) -> Outcome | None:
        return self.outcomes[-1] if self.outcomes else None

    def answer_values(self) -> dict[str, Any]:
        return {qid: a.value for qid, a in self.answers.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reference": self.reference,
            "created_by": self.created_by,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "status": self.status.value,
            "person": self.person.to_dict(),
            "consent": self.consent.to_dict(),
            "form_id": self.form_id,
            "form_version": self.form_version,
            "officer_language": self.officer_language,
            "interviewee_language": self.interviewee_language,
            "answers": {k: a.to_dict() for k, a in self.answers.items()},
            "outcomes": [o.to_dict() for o in self.outcomes],
            "decision": None if self.decision is None else self.decision.to_dict(),
            "referrals": [r.to_dict() for r in self.referrals],
            "shared_with": list(self.shared_with),
            "note": self.note,
            "draft": self.draft,
            "authority_decision": None if self.authority_decision is None
            else self.authority_decision.to_dict(),
            "incoming_referral": None if self.incoming_referral is None
            else self.incoming_referral.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Case:
        decision = d.get("decision")
        authority, incoming = d.get("authority_decision"), d.get("incoming_referral")
        return cls(
            id=d["id"],
            reference=d["reference"],
            created_by=d["created_by"],
            created_at=_datetime(d.get("created_at")) or utc_now(),
            updated_at=_datetime(d.get("updated_at")) or utc_now(),
            status=CaseStatus(d.get("status", "Active")),
            person=Person.from_dict(d.get("person") or {}),
            consent=Consent.from_dict(d.get("consent") or {}),
            form_id=d.get("form_id"),
            form_version=d.get("form_version"),
            officer_language=d.get("officer_language", "en"),
            interviewee_language=d.get("interviewee_language"),
            answers={k: Answer.from_dict(a) for k, a in (d.get("answers") or {}).items()},
            outcomes=[Outcome.from_dict(o) for o in d.get("outcomes") or []],
            decision=None if decision is None else OfficerDecision.from_dict(decision),
            referrals=[Referral.from_dict(r) for r in d.get("referrals") or []],
            shared_with=list(d.get("shared_with") or []),
            note=d.get("note", ""),
            draft=bool(d.get("draft", True)),
            authority_decision=None if authority is None
            else AuthorityDecision.from_dict(authority),
            incoming_referral=None if incoming is None else IncomingReferral.from_dict(incoming),
        )
