"""Enrolment on the relay obeys the devices' key rules (DESIGN.md "Key cards and
trust"): an id proves nothing, new keys need proof from the enrolled key or an
operator who compared the fingerprint, revoked keys never return."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from exchange_parties import Party, make_party

from screening_app.domain import AgencyType
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.relay_client import RelayClient, RelayRefusal
from screening_app.relay.admin import enroll, status
from screening_app.relay.enrolment import Held, Verdict, decide_enrolment, key_change_statement

NOW = utc_now()


def shelter() -> Party:
    return make_party("th-msdhs-shelter", "MSDHS shelter", "TH", AgencyType.SHELTER)


def rekeyed(party: Party, **changes: object) -> tuple[KeyCard, DeviceIdentity]:
    """The same agency with a new device key (a card issued later)."""
    identity = DeviceIdentity.generate()
    card = KeyCard.for_agency(party.agency, identity)
    card = replace(card, issued=party.card.issued + timedelta(minutes=1), **changes)
    return card.signed(identity), identity


def decide(held: Held | None, offered: KeyCard, verified: bool = False,
           key_change: bytes | None = None) -> Verdict:
    return decide_enrolment(held, offered, verified=verified, key_change=key_change, now=NOW)


def test_first_enrolment_needs_the_compared_fingerprint() -> None:
    party = shelter()
    with pytest.raises(Refused) as caught:
        decide(None, party.card)
    assert party.card.fingerprint in caught.value.message and "--verified" in caught.value.message
    assert decide(None, party.card, verified=True) is Verdict.NEW
    revocation = replace(party.card, revoked=True).signed(party.identity)
    with pytest.raises(Refused, match="not enrolled"):
        decide(None, revocation, verified=True)


def test_same_keys_update_new_keys_need_proof() -> None:
    party = shelter()
    held = Held(party.card, revoked=False, revoked_keys=frozenset())
    assert decide(held, party.card) is Verdict.UNCHANGED
    newer = replace(party.card, issued=party.card.issued + timedelta(hours=1),
                    contacts={"phone": "+66 2 000 0000"}).signed(party.identity)
    assert decide(held, newer) is Verdict.UPDATED

    new_card, _new_identity = rekeyed(party)
    with pytest.raises(Refused, match="keys of this agency changed"):
        decide(held, new_card)
    proof = key_change_statement(party.card, new_card, party.identity, NOW)
    assert decide(held, new_card, key_change=proof) is Verdict.KEYS_CHANGED
    assert decide(held, new_card, verified=True) is Verdict.KEYS_CHANGED
    # A statement signed by anyone else, or for another card, proves nothing.
    stranger = DeviceIdentity.generate()
    for forged in (key_change_statement(party.card, new_card, stranger, NOW),
                   key_change_statement(party.card, rekeyed(party)[0], party.identity, NOW),
                   proof[:-3] + b"xx}", b"not json"):
        with pytest.raises(Refused):
            decide(held, new_card, key_change=forged)


def test_revocations_and_times() -> None:
    party = shelter()
    held = Held(party.card, revoked=False, revoked_keys=frozenset())
    own_revocation = replace(party.card, revoked=True,
                             issued=party.card.issued + timedelta(seconds=1)).signed(
                                 party.identity)
    assert decide(held, own_revocation) is Verdict.REVOKED
    impostor_card, _impostor = rekeyed(party, revoked=True)
    with pytest.raises(Refused, match="not signed by an enrolled key"):
        decide(held, impostor_card)

    revoked = Held(party.card, revoked=True, revoked_keys=frozenset(party.card.signing_keys))
    comeback = replace(party.card, issued=party.card.issued + timedelta(hours=1)).signed(
        party.identity)
    with pytest.raises(Refused, match="revoked"):
        decide(revoked, comeback, verified=True)
    new_card, _identity = rekeyed(party)
    proof = key_change_statement(party.card, new_card, party.identity, NOW)
    with pytest.raises(Refused):     # a revoked key's word counts for nothing
        decide(revoked, new_card, key_change=proof)
    assert decide(revoked, new_card, verified=True) is Verdict.KEYS_CHANGED

    older = replace(party.card, issued=party.card.issued - timedelta(days=1)).signed(
        party.identity)
    with pytest.raises(Refused, match="older"):
        decide(held, older, verified=True)
    future = replace(party.card, issued=NOW + timedelta(days=30)).signed(party.identity)
    with pytest.raises(Refused, match="future"):
        decide(None, future, verified=True)
    expired = replace(party.card, expires=NOW - timedelta(days=1)).signed(party.identity)
    with pytest.raises(Refused, match="expired"):
        decide(None, expired, verified=True)


def test_a_key_change_on_a_live_relay(relay_db: str, relay: object) -> None:
    party = shelter()
    enroll(relay_db, party.card.to_bytes(), verified=True)
    new_card, new_identity = rekeyed(party)
    proof = key_change_statement(party.card, new_card, party.identity, NOW)
    done = enroll(relay_db, new_card.to_bytes(), verified=False, key_change=proof)
    assert done.verdict is Verdict.KEYS_CHANGED and new_card.fingerprint in done.describe()
    url = relay.url  # type: ignore[attr-defined]
    with RelayClient(url, party.identity, party.agency.id) as old_device:
        with pytest.raises(RelayRefusal) as caught:
            old_device.inbox()
        assert caught.value.code == "not-enrolled"
    with RelayClient(url, new_identity, party.agency.id) as new_device:
        assert new_device.inbox() == ([], 0)
    # The old card cannot come back: it is older than the one enrolled.
    with pytest.raises(Refused, match="older"):
        enroll(relay_db, party.card.to_bytes(), verified=True)
    assert status(relay_db)["agencies"] == 1
