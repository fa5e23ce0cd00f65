"""Enrolment on the relay obeys the devices' key rule (exchange/trust.py
`assess_card`): an id proves nothing; new keys need a key-change statement inside
the card, signed by the enrolled key, or an operator who compared the fingerprint;
revocations must be signed by an enrolled key; future-dated cards are refused;
revoked keys never return. The operator's `relay enroll` and a device offering
its own card (`/v1/card`) decide alike, on a real PostgreSQL database."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from exchange_parties import Party, make_party
from relay_harness import enrolled_fingerprint

from screening_app.domain import AgencyService, AgencyType
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange import relay_protocol as wire
from screening_app.exchange.canonical import b64encode, canonical_bytes
from screening_app.exchange.cards import KeyCard, KeyChange
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.relay_client import RelayClient, RelayRefusal
from screening_app.relay.admin import enroll, status
from screening_app.relay.enrolment import Held, NeedsOperator, Verdict, decide_enrolment


def shelter() -> Party:
    return make_party("th-msdhs-shelter", "MSDHS shelter", "TH", AgencyType.CENTRAL_GOVERNMENT,
                      AgencyService.SHELTER)


def rotated(card: KeyCard, old: DeviceIdentity, party: Party,
            signer: DeviceIdentity | None = None) -> tuple[KeyCard, DeviceIdentity]:
    """The agency's next card after a key rotation: new keys, and the statement
    naming them signed by `signer` (default: the old key, as a real rotation)."""
    new = DeviceIdentity.generate()
    change = KeyChange.make(card, signer or old, new)
    card = KeyCard.for_agency(party.agency, new, key_changes=(*card.key_changes, change))
    return KeyCard.from_bytes(card.to_bytes()), new


def bare(party: Party) -> tuple[KeyCard, DeviceIdentity]:
    """A card with the agency's id and new keys, without any statement (a forger,
    or a reinstalled laptop)."""
    identity = DeviceIdentity.generate()
    return KeyCard.for_agency(party.agency, identity), identity


def decide(held: Held | None, offered: KeyCard, verified: bool = False) -> Verdict:
    return decide_enrolment(held, offered, verified=verified, now=utc_now())


def test_first_enrolment_needs_the_compared_fingerprint() -> None:
    party = shelter()
    with pytest.raises(NeedsOperator) as caught:
        decide(None, party.card)
    assert party.card.fingerprint in caught.value.message and "--verified" in caught.value.message
    assert decide(None, party.card, verified=True) is Verdict.NEW
    revocation = replace(party.card, revoked=True).signed(party.identity)
    with pytest.raises(Refused, match="not enrolled"):
        decide(None, revocation, verified=True)


def test_same_keys_update_new_keys_need_a_statement_from_the_enrolled_key() -> None:
    party = shelter()
    held = Held(party.card, revoked=False, revoked_keys=frozenset())
    assert decide(held, party.card) is Verdict.UNCHANGED
    newer = replace(party.card, issued=party.card.issued + timedelta(hours=1),
                    contacts={"phone": "+66 2 000 0000"}).signed(party.identity)
    assert decide(held, newer) is Verdict.UPDATED

    second, second_key = rotated(party.card, party.identity, party)
    assert decide(held, second) is Verdict.KEYS_CHANGED        # proven: no operator
    third, _third_key = rotated(second, second_key, party)      # a relay that missed one
    assert decide(held, third) is Verdict.KEYS_CHANGED
    unproven, _key = bare(party)
    with pytest.raises(NeedsOperator, match="no key-change statement"):
        decide(held, unproven)
    assert decide(held, unproven, verified=True) is Verdict.KEYS_CHANGED
    # A statement signed by a key the relay never enrolled proves nothing.
    forged, _forger = rotated(party.card, party.identity, party,
                              signer=DeviceIdentity.generate())
    with pytest.raises(NeedsOperator):
        decide(held, forged)


def test_revocations_and_times() -> None:
    party = shelter()
    held = Held(party.card, revoked=False, revoked_keys=frozenset())
    own_revocation = replace(party.card, revoked=True,
                             issued=party.card.issued + timedelta(seconds=1)).signed(
                                 party.identity)
    assert decide(held, own_revocation) is Verdict.REVOKED
    impostor = KeyCard.for_agency(party.agency, DeviceIdentity.generate(), revoked=True)
    with pytest.raises(Refused, match="not signed by an enrolled key"):
        decide(held, impostor, verified=True)

    revoked = Held(party.card, revoked=True, revoked_keys=frozenset(party.card.signing_keys))
    comeback = replace(party.card, issued=party.card.issued + timedelta(hours=1)).signed(
        party.identity)
    with pytest.raises(Refused, match="revoked"):
        decide(revoked, comeback, verified=True)
    after_seizure, _key = rotated(party.card, party.identity, party)
    with pytest.raises(NeedsOperator):     # a revoked key's statement counts for nothing
        decide(revoked, after_seizure)
    assert decide(revoked, after_seizure, verified=True) is Verdict.KEYS_CHANGED
    # The relay remembers every key it revoked, also once other keys are enrolled.
    later = Held(after_seizure, revoked=False, revoked_keys=frozenset(party.card.signing_keys))
    back_again = replace(party.card, issued=utc_now() + timedelta(minutes=5)).signed(party.identity)
    with pytest.raises(Refused, match="revoked"):
        decide(later, back_again, verified=True)

    older = replace(party.card, issued=party.card.issued - timedelta(days=1)).signed(
        party.identity)
    with pytest.raises(Refused, match="older"):
        decide(held, older, verified=True)
    for where in (None, held):
        future = replace(party.card, issued=utc_now() + timedelta(days=30)).signed(party.identity)
        with pytest.raises(Refused, match="future"):
            decide(where, future, verified=True)
    expired = replace(party.card, expires=utc_now() - timedelta(days=1)).signed(party.identity)
    with pytest.raises(Refused, match="expired"):
        decide(None, expired, verified=True)


def test_operator_enrolment_of_a_rotation_on_a_live_relay(relay_db: str, relay: object) -> None:
    party = shelter()
    enroll(relay_db, party.card.to_bytes(), verified=True)
    stranger_card, _stranger = bare(party)
    with pytest.raises(NeedsOperator):
        enroll(relay_db, stranger_card.to_bytes(), verified=False)
    new_card, new_identity = rotated(party.card, party.identity, party)
    done = enroll(relay_db, new_card.to_bytes(), verified=False)   # the statement suffices
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
    future = replace(new_card, issued=utc_now() + timedelta(days=30)).signed(new_identity)
    with pytest.raises(Refused, match="future"):
        enroll(relay_db, future.to_bytes(), verified=True)
    assert enrolled_fingerprint(relay_db, party.agency.id) == new_card.fingerprint
    assert status(relay_db)["agencies"] == 1


def _offer(url: str, identity: DeviceIdentity, agency: str, card: KeyCard
           ) -> tuple[str, list[str]]:
    with RelayClient(url, identity, agency) as device:
        return device.offer_card(card.to_bytes(), ["th-msdhs", "kh-not-enrolled"])


def test_a_device_offers_its_own_card_on_a_live_relay(relay_db: str, relay: object) -> None:
    url = relay.url  # type: ignore[attr-defined]
    party, partner = shelter(), make_party("th-msdhs", "MSDHS", "TH",
                                          AgencyType.CENTRAL_GOVERNMENT,
                                          AgencyService.SOCIAL_SERVICE)
    # Never enrolled: a device cannot enrol itself.
    with pytest.raises(RelayRefusal) as caught:
        _offer(url, party.identity, party.agency.id, party.card)
    assert caught.value.code == "not-enrolled" and status(relay_db)["agencies"] == 0
    for card in (party.card, partner.card):
        enroll(relay_db, card.to_bytes(), verified=True)

    # Same keys: fine, and says who the relay serves.
    assert _offer(url, party.identity, party.agency.id, party.card) == (
        "unchanged", ["th-msdhs"])
    # New keys without proof, or with a statement signed by a stranger: refused.
    for card, identity in (bare(party), rotated(party.card, party.identity, party,
                                                signer=DeviceIdentity.generate())):
        with pytest.raises(RelayRefusal) as caught:
            _offer(url, identity, party.agency.id, card)
        assert caught.value.code == "not-enrolled"
    # A request signed by a key that is not on the offered card.
    second, second_key = rotated(party.card, party.identity, party)
    with pytest.raises(RelayRefusal) as caught:
        _offer(url, DeviceIdentity.generate(), party.agency.id, second)
    assert caught.value.code == "bad-signature"
    # Future-dated: refused with its own code.
    future = replace(second, issued=utc_now() + timedelta(days=30)).signed(second_key)
    with pytest.raises(RelayRefusal) as caught:
        _offer(url, second_key, party.agency.id, future)
    assert caught.value.code == "card-refused"
    assert enrolled_fingerprint(relay_db, party.agency.id) == party.card.fingerprint

    # The genuine rotation: enrolled by its statement, no operator; the new key works.
    assert _offer(url, second_key, party.agency.id, second)[0] == "keys-changed"
    assert enrolled_fingerprint(relay_db, party.agency.id) == second.fingerprint
    with RelayClient(url, second_key, party.agency.id) as device:
        assert device.inbox() == ([], 0)
        # Partners holding the old card get the new one; one holding it gets nothing.
    with RelayClient(url, partner.identity, partner.agency.id) as other:
        held = {party.agency.id: party.card.issued.isoformat()}
        assert other.newer_cards(held) == [second.to_bytes()]
        assert other.newer_cards({party.agency.id: second.issued.isoformat()}) == []

    # A request played again is refused, even one that would change nothing.
    body = canonical_bytes({"card": b64encode(second.to_bytes()), "recipients": []})
    headers = wire.sign_request(second_key, party.agency.id, "POST", wire.CARD, body)
    first = httpx.post(url + wire.CARD, content=body, headers=headers)
    again = httpx.post(url + wire.CARD, content=body, headers=headers)
    assert first.status_code == 200 and again.json() == {"error": "replay"}

    # The agency's own signed revocation: its keys stop, partners receive it.
    revocation = replace(second, revoked=True, issued=utc_now()).signed(second_key)
    assert _offer(url, second_key, party.agency.id, revocation)[0] == "revoked"
    with RelayClient(url, second_key, party.agency.id) as device:
        with pytest.raises(RelayRefusal) as caught:
            device.inbox()
        assert caught.value.code == "revoked"
    with RelayClient(url, partner.identity, partner.agency.id) as other:
        found = other.newer_cards({party.agency.id: second.issued.isoformat()})
        assert [KeyCard.from_bytes(c).revoked for c in found] == [True]
    assert status(relay_db)["revoked"] == 1
