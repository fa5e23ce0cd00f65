"""The words shown for HTCDS values and the project's extension values, in every
screen and document: English source strings, shown through `_()` or
`translate(msg, lang)`. One table per closed list, keyed by the domain enum."""

from __future__ import annotations

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    DecisionMakingOrg,
    Gender,
    ReferralReason,
    TraffickingStatus,
)
from screening_app.i18n import N_, _

GENDER: dict[Gender, str] = {
    Gender.FEMININE: N_("Feminine"),
    Gender.MASCULINE: N_("Masculine"),
    Gender.TRANSGENDER_FEMININE: N_("Transgender feminine"),
    Gender.TRANSGENDER_MASCULINE: N_("Transgender masculine"),
    Gender.NON_CONFORMING: N_("Gender non-conforming"),
    Gender.NOT_SPECIFIED: N_("Not stated or unknown"),
}
AGENCY_TYPE: dict[AgencyType, str] = {
    AgencyType.NGO: N_("Non-governmental organisation"),
    AgencyType.LAW_ENFORCEMENT: N_("Law enforcement"),
    AgencyType.HEALTH_SERVICE: N_("Health service"),
    AgencyType.CENTRAL_GOVERNMENT: N_("Central government"),
    AgencyType.LOCAL_GOVERNMENT: N_("Local government"),
    AgencyType.IMMIGRATION: N_("Immigration service"),
    AgencyType.LEGAL: N_("Legal service"),
    AgencyType.CORPORATE_BUSINESS: N_("Business"),
    AgencyType.SCHOOL_OR_COLLEGE: N_("School or college"),
}
AGENCY_SERVICE: dict[AgencyService, str] = {
    AgencyService.SHELTER: N_("Shelter"),
    AgencyService.SOCIAL_SERVICE: N_("Social service"),
    AgencyService.EMBASSY: N_("Embassy or consulate"),
    AgencyService.INTERNATIONAL: N_("International organisation"),
}
NO_AGENCY_TYPE = N_("Other")
REFERRAL_REASON: dict[ReferralReason, str] = {
    ReferralReason.ADDITIONAL_SERVICES: N_("Additional services required"),
    ReferralReason.MIGRATION_OR_MOVE: N_("Migration or change of location"),
    ReferralReason.OTHER: N_("Other reason"),
}
TRAFFICKING_STATUS: dict[TraffickingStatus, str] = {
    TraffickingStatus.POSSIBLE: N_("Possible victim of trafficking"),
    TraffickingStatus.ACTUAL: N_("Victim of trafficking (formally identified)"),
    TraffickingStatus.NOT_A_VICTIM: N_("Not a victim of trafficking (formal decision)"),
}
DECISION_MAKING_ORG: dict[DecisionMakingOrg, str] = {
    DecisionMakingOrg.POLICE: N_("Police"),
    DecisionMakingOrg.NGO: N_("Non-governmental organisation"),
    DecisionMakingOrg.COURT_OR_PROSECUTION: N_("Court or prosecution"),
    DecisionMakingOrg.NON_POLICE_GOVERNMENT: N_("Government body other than the police"),
    DecisionMakingOrg.OTHER: N_("Other"),
}


def agency_kind_text(kind: AgencyType | None, service: AgencyService | None) -> list[str]:
    """The messages that describe an agency: its service (if any), then its org_Type
    (or "Other" when it has neither)."""
    parts = [] if service is None else [AGENCY_SERVICE[service]]
    if kind is not None:
        parts.append(AGENCY_TYPE[kind])
    return parts or [NO_AGENCY_TYPE]


def agency_kinds(agency: Agency) -> list[str]:
    """Keys that sort agencies by kind (a directory filter): "service:<value>",
    "type:<org_Type>", or "other" for an agency with neither."""
    keys = [] if agency.service is None else [f"service:{agency.service.value}"]
    if agency.type is not None:
        keys.append(f"type:{agency.type.value}")
    return keys or ["other"]


def kind_text(key: str) -> str:
    """The words, in the current language, for one key of `agency_kinds`."""
    family, _sep, value = key.partition(":")
    if family == "service":
        return _(AGENCY_SERVICE[AgencyService(value)])
    if family == "type":
        return _(AGENCY_TYPE[AgencyType(value)])
    return _(NO_AGENCY_TYPE)
