"""Plain data of the program: no I/O, no Qt, nothing of ours imported."""

from screening_app.domain.ids import new_case_id, uuid7
from screening_app.domain.models import (
    Agency,
    AgencyType,
    Answer,
    Case,
    CaseStatus,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
    Role,
    User,
)

__all__ = [
    "Agency",
    "AgencyType",
    "Answer",
    "Case",
    "CaseStatus",
    "Consent",
    "ConsentMethod",
    "DimensionResult",
    "Gender",
    "OfficerDecision",
    "Outcome",
    "OutcomeKind",
    "Person",
    "Referral",
    "ReferralStatus",
    "Role",
    "User",
    "new_case_id",
    "uuid7",
]
