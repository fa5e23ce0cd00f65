"""The key-card continuity rule (exchange/trust.py): pure, on real cards and keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from exchange_parties import Party

from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard, KeyChange
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.trust import CLOCK_SKEW, Refusal, Verdict, assess_card


def _rotated(card: KeyCard, old: DeviceIdentity, party: Party) -> tuple[KeyCard, DeviceIdentity]:
    """The agency's next card after a rotation: new keys, a statement by the old key."""
    new = DeviceIdentity.generate()
    change = KeyChange.make(card, old, new)
    return KeyCard.for_agency(party.agency, new, key_changes=(*card.key_changes, change)), new


def _roundtrip(card: KeyCard) -> KeyCard:
    return KeyCard.from_bytes(card.to_bytes())


def test_new_same_and_renewal(police: Party) -> None:
    now = utc_now()
    assert assess_card(None, police.card, now=now).verdict is Verdict.NEW
    assert assess_card(police.card, police.card, now=now).verdict is Verdict.SAME
    renewed = replace(KeyCard.for_agency(police.agency, police.identity),
                      contacts={"phone": "+855 12 000 000"}).signed(police.identity)
    verdict = assess_card(police.card, renewed, now=now)
    assert verdict.verdict is Verdict.RENEWAL and verdict.proven


def test_key_change_signed_by_the_held_key_is_proven(police: Party) -> None:
    rotated, _new = _rotated(police.card, police.identity, police)
    rotated = _roundtrip(rotated)
    assert rotated.to_dict()["card_version"] == 3 and len(rotated.to_dict()["key_changes"]) == 1
    verdict = assess_card(police.card, rotated, now=utc_now())
    assert verdict.verdict is Verdict.KEY_CHANGE_PROVEN
    assert verdict.old_fingerprint == police.card.fingerprint


def test_a_partner_who_missed_a_rotation_follows_the_chain(police: Party) -> None:
    second, new = _rotated(police.card, police.identity, police)
    third, _newer = _rotated(second, new, police)
    third = _roundtrip(third)
    assert len(third.key_changes) == 2
    assert assess_card(police.card, third, now=utc_now()).verdict is Verdict.KEY_CHANGE_PROVEN
    assert assess_card(second, third, now=utc_now()).verdict is Verdict.KEY_CHANGE_PROVEN


def test_new_keys_without_proof_or_signed_by_a_stranger(police: Party) -> None:
    stranger = DeviceIdentity.generate()
    forged_change = KeyChange.make(police.card, stranger, DeviceIdentity.generate())
    forged = KeyCard.for_agency(police.agency, stranger)
    assert assess_card(police.card, forged, now=utc_now()).verdict is Verdict.KEYS_CHANGED
    # A statement signed by a key the holder never had proves nothing.
    new = DeviceIdentity.generate()
    fake = replace(forged_change, new_age_recipients=[new.age_recipient],
                   new_signing_keys=[new.signing_key])
    claimed = KeyCard.for_agency(police.agency, new, key_changes=(fake,))
    with pytest.raises(Refused, match="key-change"):
        _roundtrip(claimed)                       # the statement's signature fails
    real = KeyChange.make(police.card, stranger, new)   # signed, but by the stranger
    card = KeyCard.for_agency(police.agency, new, key_changes=(real,))
    assert assess_card(police.card, _roundtrip(card), now=utc_now()).verdict \
        is Verdict.KEYS_CHANGED


def test_revocations_must_be_signed_by_a_held_key(police: Party) -> None:
    now = utc_now()
    genuine = KeyCard.for_agency(police.agency, police.identity, revoked=True)
    assert assess_card(police.card, genuine, now=now).verdict is Verdict.REVOCATION_PROVEN
    forged = KeyCard.for_agency(police.agency, DeviceIdentity.generate(), revoked=True)
    verdict = assess_card(police.card, forged, now=now)
    assert verdict.refusal is Refusal.REVOCATION_UNPROVEN and "not signed" in verdict.message()
    assert assess_card(None, forged, now=now).refusal is Refusal.REVOCATION_OF_UNKNOWN


def test_dates_future_older_expired_and_a_future_held_card(police: Party) -> None:
    now = utc_now()
    ahead = replace(police.card, issued=now + CLOCK_SKEW + timedelta(minutes=5))
    assert assess_card(police.card, ahead, now=now).refusal is Refusal.FUTURE
    slightly = replace(police.card, issued=now + timedelta(hours=2))   # a clock a bit off
    assert assess_card(police.card, slightly, now=now).accepted
    older = replace(police.card, issued=police.card.issued - timedelta(days=3))
    assert assess_card(police.card, older, now=now).refusal is Refusal.OLDER
    expired = replace(police.card, expires=now - timedelta(seconds=1))
    assert assess_card(police.card, expired, now=now).refusal is Refusal.EXPIRED
    # A held card dated far ahead (imported before this rule) does not block the genuine one.
    far_held = replace(police.card, issued=now + timedelta(days=3650))
    assert assess_card(far_held, police.card, now=now).accepted


def test_revoked_keys_never_return_and_vouch_for_nothing(police: Party) -> None:
    now = utc_now()
    assert assess_card(police.card, police.card, now=now,
                       held_revoked=True).refusal is Refusal.REVOKED_KEYS
    rotated, _new = _rotated(police.card, police.identity, police)
    # The seized laptop's key signed this change: after a revocation it proves nothing.
    assert assess_card(police.card, rotated, now=now,
                       held_revoked=True).verdict is Verdict.KEYS_CHANGED


def test_a_card_for_another_agency(police: Party, shelter: Party) -> None:
    assert assess_card(police.card, shelter.card, now=utc_now()).refusal \
        is Refusal.OTHER_AGENCY
