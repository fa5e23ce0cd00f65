"""The officer confirms the suggested outcome or overrides it with a reason."""

from __future__ import annotations

from screening_app.domain import OfficerDecision, Outcome, OutcomeKind
from screening_app.errors import Refused
from screening_app.i18n import _


def decide(outcome: Outcome, decided: OutcomeKind | str, reason: str | None,
           user: str) -> OfficerDecision:
    """Record the officer's decision. An override (a decision other than the suggestion)
    needs a reason; without one it is refused and nothing is recorded."""
    try:
        kind = OutcomeKind(decided)
    except ValueError:
        raise Refused(_("Unknown outcome {value!r}: use presumed_victim, indicators_present "
                        "or no_indicators.").format(value=str(decided))) from None
    text = (reason or "").strip()
    if kind != outcome.kind and not text:
        raise Refused(_("An override needs a reason. Nothing was recorded: write why you "
                        "decide differently from the suggested outcome."))
    if not user:
        raise Refused(_("The deciding officer is not known. Nothing was recorded."))
    return OfficerDecision(suggested=outcome.kind, decided=kind, reason=text or None,
                           decided_by=user)


def confirm(outcome: Outcome, user: str, reason: str | None = None) -> OfficerDecision:
    """The officer agrees with the suggested outcome."""
    return decide(outcome, outcome.kind, reason, user)
