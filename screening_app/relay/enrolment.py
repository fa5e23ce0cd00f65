"""Which key card the relay may enrol for an agency: the devices' rule, applied
to the card the relay holds (`exchange.trust.assess_card`; DESIGN.md "Key cards
and trust").

An agency id proves nothing (anyone can make a card with a partner's id), and a
card's self-signature only proves it was made by its own keys. So:
- a first enrolment needs the operator's word that the fingerprint was compared
  with the agency out of band (`relay enroll --verified`);
- the same keys may come back with newer details;
- new keys need a key-change statement signed by an enrolled signing key,
  carried inside the card (an agency that rotated its keys: its device offers the
  card itself, see `relay.cards`), or the operator's `--verified` after comparing
  the new fingerprint;
- a revocation counts only when signed by an enrolled key; an older card, an
  expired one, or one issued more than a day ahead is refused.

The relay remembers more than a device: every signing key it ever revoked. Such
a key never comes back, not even with `--verified` (the same refusal as the
devices' "revoked keys").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.trust import Refusal, assess_card
from screening_app.exchange.trust import Verdict as Trust
from screening_app.i18n import _


class Verdict(StrEnum):
    NEW = "new"
    UPDATED = "updated"             # same keys, newer details
    UNCHANGED = "unchanged"
    KEYS_CHANGED = "keys-changed"
    REVOKED = "revoked"


# What each trust verdict does on the relay when it needs no operator.
_PROVEN = {Trust.SAME: Verdict.UNCHANGED, Trust.RENEWAL: Verdict.UPDATED,
           Trust.KEY_CHANGE_PROVEN: Verdict.KEYS_CHANGED,
           Trust.REVOCATION_PROVEN: Verdict.REVOKED}


class NeedsOperator(Refused):
    """A first enrolment, or new keys without a statement from an enrolled key:
    only an operator who compared the fingerprint may enrol it (`--verified`)."""


@dataclass(frozen=True)
class Held:
    """What the relay holds for the agency of an offered card."""

    card: KeyCard
    revoked: bool
    revoked_keys: frozenset[str]    # signing keys revoked before (never come back)


def _refusal_text(why: Refusal | None) -> str:
    texts = {
        Refusal.FUTURE: _("This key card says it was issued in the future; nothing was "
                          "enrolled. Check the clock of the computer that made it."),
        Refusal.EXPIRED: _("This key card has expired; nothing was enrolled. Ask the agency "
                           "for a new card."),
        Refusal.OLDER: _("This key card is older than the one enrolled for this agency; "
                         "nothing was enrolled."),
        Refusal.REVOCATION_UNPROVEN: _("This revocation is not signed by an enrolled key of "
                                       "the agency; nothing was changed. Use 'relay revoke' "
                                       "after a phone call."),
        Refusal.REVOCATION_OF_UNKNOWN: _("This card revokes the keys of an agency that is not "
                                         "enrolled here; nothing was changed."),
        Refusal.REVOKED_KEYS: _("These keys were revoked; nothing was enrolled. Ask the agency "
                                "for a card with new keys."),
    }
    return texts.get(why, "") if why is not None else ""


def decide_enrolment(held: Held | None, offered: KeyCard, *, verified: bool,
                     now: datetime) -> Verdict:
    """What enrolling `offered` does, or Refused saying why it may not (nothing
    changes); `NeedsOperator` when only an operator's `--verified` could enrol it."""
    assessment = assess_card(None if held is None else held.card, offered, now=now,
                             held_revoked=bool(held is not None and held.revoked))
    if assessment.verdict is Trust.REFUSED:
        raise Refused(_refusal_text(assessment.refusal) or assessment.message())
    if held is not None and not offered.revoked and set(offered.signing_keys) & \
            held.revoked_keys:
        raise Refused(_refusal_text(Refusal.REVOKED_KEYS))
    if assessment.verdict in _PROVEN:
        return _PROVEN[assessment.verdict]
    if assessment.verdict is Trust.NEW:
        if verified:
            return Verdict.NEW
        raise NeedsOperator(_("Not enrolled: compare the fingerprint {fingerprint} with the "
                              "agency by phone or in person, then enrol again with "
                              "--verified.").format(fingerprint=offered.fingerprint))
    # Trust.KEYS_CHANGED: new keys without a statement from an enrolled key.
    if verified:
        return Verdict.KEYS_CHANGED
    raise NeedsOperator(_("The keys of this agency changed and the card carries no key-change "
                          "statement signed by its enrolled key; nothing was enrolled. "
                          "Compare the new fingerprint {fingerprint} with the agency by "
                          "phone, then enrol with --verified.").format(
                              fingerprint=offered.fingerprint))
