"""Which key card the relay may enrol for an agency: the same rules as a device's
directory (DESIGN.md "Key cards and trust").

An agency id proves nothing (anyone can make a card with a partner's id), and a
card's self-signature only proves it was made by its own keys. So:
- a first enrolment needs the operator's word that the fingerprint was compared
  with the agency out of band (`--verified`);
- the same keys may come back with newer details;
- new keys need a key-change statement signed by an enrolled signing key, or the
  operator's `--verified` after comparing the new fingerprint;
- a revocation card counts only when signed by an enrolled key; revoked keys
  never return; an older card, an expired one, or one issued far in the future
  is refused.

`decide_enrolment` is the ONE place of that decision. When
`screening_app.exchange.trust` (the devices' rule, `assess_card`) is merged, its
body becomes: `assess_card(held.card, offered, now=now, held_revoked=held.revoked)`
and REFUSED -> Refused(message()), NEW -> NEW if verified else the fingerprint
refusal below, SAME -> UNCHANGED, RENEWAL -> UPDATED, KEY_CHANGE_PROVEN and
(KEYS_CHANGED with verified) -> KEYS_CHANGED, KEYS_CHANGED without -> the refusal
below, REVOCATION_PROVEN -> REVOKED; the key-change statement then travels inside
the card and `key_change_statement`/`--key-change` go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from screening_app.errors import Refused
from screening_app.exchange.canonical import b64decode, b64encode, canonical_bytes, parse_canonical
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.identity import DeviceIdentity, verify_signature
from screening_app.i18n import _

KEY_CHANGE_FORMAT = "screening-app-key-change"
_KEY_CHANGE_CONTEXT = b"screening-app key change v1\n"
_KEY_CHANGE_FIELDS = {"format", "version", "agency_id", "old_fingerprint", "new_fingerprint",
                      "issued", "signature"}
MAX_FUTURE = timedelta(days=1)      # clocks differ; a card "issued" later is refused


class Verdict(StrEnum):
    NEW = "new"
    UPDATED = "updated"             # same keys, newer details
    UNCHANGED = "unchanged"
    KEYS_CHANGED = "keys-changed"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Held:
    """What the relay holds for the agency of an offered card."""

    card: KeyCard
    revoked: bool
    revoked_keys: frozenset[str]    # signing keys revoked before (never come back)


def key_change_statement(old: KeyCard, new: KeyCard, signer: DeviceIdentity,
                         issued: datetime) -> bytes:
    """A statement by a key of `old` that `new` replaces it (what an agency sends
    with a card whose keys changed; provisional format until exchange.trust)."""
    body: dict[str, Any] = {
        "format": KEY_CHANGE_FORMAT, "version": 1, "agency_id": old.id,
        "old_fingerprint": old.fingerprint, "new_fingerprint": new.fingerprint,
        "issued": issued.isoformat()}
    sig = signer.sign(_KEY_CHANGE_CONTEXT + canonical_bytes(body))
    return canonical_bytes({**body, "signature": {"key": signer.signing_key,
                                                  "sig": b64encode(sig)}})


def _proves_change(statement: bytes | None, held: KeyCard, offered: KeyCard) -> bool:
    """True when `statement` is a key change from `held` to `offered`, signed by
    a signing key of `held`."""
    if statement is None:
        return False
    try:
        d = parse_canonical(statement)
        if not isinstance(d, dict) or set(d) != _KEY_CHANGE_FIELDS:
            return False
        sig = d.pop("signature")
        raw = b64decode(sig["sig"])
    except (ValueError, UnicodeDecodeError, RecursionError, KeyError, TypeError):
        return False
    return (d["format"] == KEY_CHANGE_FORMAT and d["version"] == 1
            and d["agency_id"] == held.id == offered.id
            and d["old_fingerprint"] == held.fingerprint
            and d["new_fingerprint"] == offered.fingerprint
            and sig.get("key") in held.signing_keys
            and verify_signature(sig["key"], raw, _KEY_CHANGE_CONTEXT + canonical_bytes(d)))


def decide_enrolment(held: Held | None, offered: KeyCard, *, verified: bool,
                     key_change: bytes | None, now: datetime) -> Verdict:
    """What enrolling `offered` does, or Refused saying why it may not (nothing changes)."""
    if offered.issued > now + MAX_FUTURE:
        raise Refused(_("This key card says it was issued in the future; nothing was "
                        "enrolled. Check the clock of the computer that made it."))
    if offered.expired(now) and not offered.revoked:
        raise Refused(_("This key card has expired; nothing was enrolled. Ask the agency "
                        "for a new card."))
    if held is not None and not offered.revoked and set(offered.signing_keys) & held.revoked_keys:
        raise Refused(_("These keys were revoked; nothing was enrolled. Ask the agency for a "
                        "card with new keys."))
    if held is None:
        if offered.revoked:
            raise Refused(_("This card revokes the keys of an agency that is not enrolled "
                            "here; nothing was changed."))
        if not verified:
            raise Refused(_("Not enrolled: compare the fingerprint {fingerprint} with the "
                            "agency by phone or in person, then enrol again with "
                            "--verified.").format(fingerprint=offered.fingerprint))
        return Verdict.NEW
    old = held.card
    if offered.issued < old.issued:
        raise Refused(_("This key card is older than the one enrolled for this agency; "
                        "nothing was enrolled."))
    if offered.revoked:
        if offered.signature.get("key") not in old.signing_keys:
            raise Refused(_("This revocation is not signed by an enrolled key of the agency; "
                            "nothing was changed. Use 'relay revoke' after a phone call."))
        return Verdict.REVOKED
    same_keys = (sorted(offered.age_recipients), sorted(offered.signing_keys)) == (
        sorted(old.age_recipients), sorted(old.signing_keys))
    if same_keys and not held.revoked:
        return Verdict.UNCHANGED if offered.to_bytes() == old.to_bytes() else Verdict.UPDATED
    # New keys (or an agency revoked here): a statement signed by a revoked key proves nothing.
    if verified or (not held.revoked and _proves_change(key_change, old, offered)):
        return Verdict.KEYS_CHANGED
    raise Refused(_("The keys of this agency changed; nothing was enrolled. Enrol the card "
                    "with the key-change statement signed by its enrolled key, or compare "
                    "the new fingerprint {fingerprint} with the agency by phone and enrol "
                    "with --verified.").format(fingerprint=offered.fingerprint))
