"""Key-card continuity: the one rule that decides what an offered key card may
change, given the card already held for that agency.

An agency id is derived from name, country and type, so anyone can make a card
with a partner's id, and a card's self-signature proves only that its maker
holds its keys. So the held card's keys change only with proof:

* a key-change statement (cards.KeyChange) signed by a signing key of the held
  card, leading, statement by statement, to the offered card's keys: the agency
  rotated its own keys (for example when a staff member left); or
* an officer compares the new fingerprint with the agency out of band and
  confirms it (`keys import-card --verified`, or the GUI's comparison dialog).
  Until then the verdict is "keys changed, not proven".

A revocation must be signed by a key of the held card; a card issued more than
a day in the future, or older than the held one, is refused. After a held
card was revoked, its keys cannot come back and its statements prove nothing
(a seized laptop's keys must not vouch for new ones).

Pure: no database, no GUI. The directory (exchange/directory.py) and the
relay's enrolment both decide with `assess_card`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from screening_app.exchange.cards import KeyCard
from screening_app.i18n import _

CLOCK_SKEW = timedelta(days=1)      # a card issued further ahead than this is refused


class Verdict(StrEnum):
    NEW = "new"                                  # no card held for this agency
    SAME = "same"                                # exactly the held card
    RENEWAL = "renewal"                          # same keys, newer details
    KEY_CHANGE_PROVEN = "key-change-proven"      # new keys, statement signed by a held key
    KEYS_CHANGED = "keys-changed"                # new keys without proof: compare first
    REVOCATION_PROVEN = "revocation-proven"      # revoked, signed by a held key
    REFUSED = "refused"


class Refusal(StrEnum):
    OTHER_AGENCY = "other-agency"
    FUTURE = "future"
    EXPIRED = "expired"
    OLDER = "older"
    REVOCATION_UNPROVEN = "revocation-unproven"
    REVOCATION_OF_UNKNOWN = "revocation-of-unknown"
    REVOKED_KEYS = "revoked-keys"


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    new_fingerprint: str
    old_fingerprint: str | None = None
    refusal: Refusal | None = None

    @property
    def accepted(self) -> bool:
        """May the offered card be stored (as held, or as pending for KEYS_CHANGED)?"""
        return self.verdict is not Verdict.REFUSED

    @property
    def proven(self) -> bool:
        """Does it follow from what is held, with no officer needed?"""
        return self.verdict in (Verdict.SAME, Verdict.RENEWAL, Verdict.KEY_CHANGE_PROVEN,
                                Verdict.REVOCATION_PROVEN)

    def message(self) -> str:
        """Why the card was refused: one translated line."""
        texts = {
            Refusal.OTHER_AGENCY: _("This key card is for another agency; nothing was "
                                    "imported."),
            Refusal.FUTURE: _("This key card says it was issued in the future (more than a "
                              "day ahead of this computer's clock); nothing was imported. "
                              "Check the date on both computers, or ask the agency for a new "
                              "card."),
            Refusal.EXPIRED: _("This key card has expired; nothing was imported. Ask the "
                               "agency for a new card."),
            Refusal.OLDER: _("This key card is older than the one already held for this "
                             "agency; nothing was imported."),
            Refusal.REVOCATION_UNPROVEN: _("This card revokes the agency's keys but is not "
                                           "signed by a key you hold for it; nothing was "
                                           "changed. If the agency really lost its keys, "
                                           "call them and use 'keys revoke'."),
            Refusal.REVOCATION_OF_UNKNOWN: _("This card revokes keys this installation never "
                                             "held; nothing was imported."),
            Refusal.REVOKED_KEYS: _("These keys were revoked; nothing was imported. Ask the "
                                    "agency for a card with new keys."),
        }
        return texts[self.refusal] if self.refusal is not None else ""


def _same_keys(a: KeyCard, b: KeyCard) -> bool:
    return (sorted(a.age_recipients), sorted(a.signing_keys)) == (
        sorted(b.age_recipients), sorted(b.signing_keys))


def change_is_proven(held: KeyCard, offered: KeyCard, *, now: datetime) -> bool:
    """Does a statement signed by a held signing key start the offered card's chain
    of key changes? (cards.chain_is_whole already checked each link and the end.)"""
    for index, change in enumerate(offered.key_changes):
        if (change.old_fingerprint == held.fingerprint
                and change.signing_key in held.signing_keys
                and all(c.issued <= now + CLOCK_SKEW for c in offered.key_changes[index:])):
            return True
    return False


def assess_card(held: KeyCard | None, offered: KeyCard, *, now: datetime,
                held_revoked: bool = False) -> Assessment:
    """What `offered` may change, given the card held for its agency (None: none),
    and whether that card was revoked here (`keys revoke`)."""
    old_fp = None if held is None else held.fingerprint

    def refuse(why: Refusal) -> Assessment:
        return Assessment(Verdict.REFUSED, offered.fingerprint, old_fp, why)

    def verdict(what: Verdict) -> Assessment:
        return Assessment(what, offered.fingerprint, old_fp)

    if held is not None and held.id != offered.id:
        return refuse(Refusal.OTHER_AGENCY)
    if offered.issued > now + CLOCK_SKEW:
        return refuse(Refusal.FUTURE)
    if held is None:
        if offered.revoked:
            return refuse(Refusal.REVOCATION_OF_UNKNOWN)
        return refuse(Refusal.EXPIRED) if offered.expired(now) else verdict(Verdict.NEW)
    signed_by_held = offered.signer in held.signing_keys
    if offered.revoked:
        return (verdict(Verdict.REVOCATION_PROVEN) if signed_by_held
                else refuse(Refusal.REVOCATION_UNPROVEN))
    if held_revoked or held.revoked:
        # Revoked keys never come back, and vouch for nothing.
        if set(offered.signing_keys) & set(held.signing_keys):
            return refuse(Refusal.REVOKED_KEYS)
        return refuse(Refusal.EXPIRED) if offered.expired(now) else verdict(
            Verdict.KEYS_CHANGED)
    if offered.expired(now):
        return refuse(Refusal.EXPIRED)
    # A held card dated beyond the clock skew (accepted before this rule) orders nothing.
    if held.issued <= now + CLOCK_SKEW and offered.issued < held.issued:
        return refuse(Refusal.OLDER)
    if _same_keys(held, offered):
        return verdict(Verdict.SAME if offered == held else Verdict.RENEWAL)
    if change_is_proven(held, offered, now=now):
        return verdict(Verdict.KEY_CHANGE_PROVEN)
    return verdict(Verdict.KEYS_CHANGED)
