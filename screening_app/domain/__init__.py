"""Plain data of the program: no I/O, no Qt, nothing of ours imported.

The names below are loaded on first use (PEP 562): importing a small module of
this package (`domain.characters`, which every printed line passes through) does
not build the case model, so the command line and the first window start
without it."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from screening_app.domain.ids import new_case_id, uuid7
    from screening_app.domain.models import (
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
        User,
        agency_kind,
    )

__all__ = [
    "Agency",
    "AgencyService",
    "AgencyType",
    "Answer",
    "AuthorityDecision",
    "Case",
    "CaseStatus",
    "Consent",
    "ConsentMethod",
    "DecisionMakingOrg",
    "DimensionResult",
    "Gender",
    "IncomingReferral",
    "OfficerDecision",
    "Outcome",
    "OutcomeKind",
    "Person",
    "Referral",
    "ReferralReason",
    "ReferralStatus",
    "Role",
    "TraffickingStatus",
    "User",
    "agency_kind",
    "new_case_id",
    "uuid7",
]

_IDS = frozenset({"new_case_id", "uuid7"})


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = import_module("screening_app.domain.ids" if name in _IDS
                           else "screening_app.domain.models")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
