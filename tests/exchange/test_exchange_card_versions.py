"""Key card versions: 3 written (HTCDS 2.0 organisation names and key-change
statements in one card), 1 and 2 read; the signature covers the agency facts, the
keys and every statement, and a card cannot pass for another version."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from exchange_parties import Party

from screening_app.domain import AgencyService, AgencyType
from screening_app.errors import Refused
from screening_app.exchange.canonical import b64encode, canonical_bytes
from screening_app.exchange.cards import KeyCard, KeyChange
from screening_app.exchange.identity import DeviceIdentity


def _rotated(party: Party) -> tuple[KeyCard, DeviceIdentity]:
    new = DeviceIdentity.generate()
    change = KeyChange.make(party.card, party.identity, new)
    return KeyCard.for_agency(party.agency, new, key_changes=(change,)), new


def _bytes(d: dict[str, Any]) -> bytes:
    return canonical_bytes(d)


def _signed(d: dict[str, Any], identity: DeviceIdentity, context: bytes) -> bytes:
    """A card dict signed by hand, as another version's writer would."""
    unsigned = {k: v for k, v in d.items() if k != "signature"}
    sig = identity.sign(context + canonical_bytes(unsigned))
    return _bytes({**unsigned, "signature": {"key": identity.signing_key,
                                             "sig": b64encode(sig)}})


def _v2_layout(card: KeyCard, old_type: str) -> dict[str, Any]:
    """The same card as main's keys branch wrote it (version 2: old names, a pre-2.0
    agency type)."""
    d = json.loads(card.to_bytes())
    for name in ("org_Name", "org_ShippingCountry", "org_Type", "x_service", "org_Phone"):
        d.pop(name)
    d.update(card_version=2, name=card.name, country=card.country,
             type=old_type, contacts=dict(card.contacts))
    return d


def test_a_rotated_card_is_version_3_with_org_names_and_its_statement(shelter: Party) -> None:
    card, _new = _rotated(shelter)
    d = json.loads(card.to_bytes())
    assert d["card_version"] == 3 and len(d["key_changes"]) == 1
    assert (d["org_Name"], d["org_ShippingCountry"], d["org_Type"], d["x_service"]) == (
        shelter.agency.name, shelter.agency.country, "CentralGovernmentOrganisation", "Shelter")
    assert not {"name", "country", "type"} & set(d)
    again = KeyCard.from_bytes(card.to_bytes())
    assert again == card and again.service is AgencyService.SHELTER
    plain = json.loads(shelter.card.to_bytes())
    assert plain["card_version"] == 3 and plain["key_changes"] == []


Change = Callable[[dict[str, Any]], None]
MUTATIONS: list[Change] = [
    lambda d: d.update(org_Name="Someone else"),
    lambda d: d.update(org_ShippingCountry="LA"),
    lambda d: d.update(org_Type="LawEnforcement"),
    lambda d: d.update(x_service="Embassy"),
    lambda d: d.update(org_Phone="+66812345678"),
    lambda d: d["contacts"].update(email="other@example.org"),
    lambda d: d.update(key_changes=[]),
    lambda d: d["key_changes"][0].update(issued="2020-01-01T00:00:00+00:00"),
    lambda d: d["key_changes"][0].update(
        new_signing_keys=[DeviceIdentity.generate().signing_key]),
    lambda d: d.update(card_version=2),
    lambda d: d.update(card_version=1),
    lambda d: d.update(name="Someone else"),
]


@pytest.mark.parametrize("change", MUTATIONS)
def test_the_signature_covers_facts_keys_and_statements(shelter: Party, change: Change) -> None:
    card, _new = _rotated(shelter)
    d = json.loads(card.to_bytes())
    change(d)
    with pytest.raises(Refused):
        KeyCard.from_bytes(_bytes(d))


def test_a_changed_statement_fails_even_when_the_card_is_signed_again(shelter: Party) -> None:
    card, new = _rotated(shelter)
    d = json.loads(card.to_bytes())
    d["key_changes"][0]["issued"] = "2020-01-01T00:00:00+00:00"
    with pytest.raises(Refused, match="key-change"):
        KeyCard.from_bytes(_signed(d, new, b"screening-app key card v3\n"))


def test_version_2_cards_read_and_cannot_pass_for_another_version(shelter: Party) -> None:
    card, new = _rotated(shelter)
    v2 = _v2_layout(card, "Shelter")
    read = KeyCard.from_bytes(_signed(v2, new, b"screening-app key card v1\n"))
    assert read.key_changes == card.key_changes and read.fingerprint == card.fingerprint
    assert (read.type, read.service) == (None, AgencyService.SHELTER)   # "Shelter" mapped
    for version, context in ((3, b"screening-app key card v1\n"),
                             (1, b"screening-app key card v1\n")):
        with pytest.raises(Refused):    # the fields are not those of that version
            KeyCard.from_bytes(_signed(dict(v2, card_version=version), new, context))
    # A version 3 card signed as if it were version 1 or 2 is not a version 3 card.
    with pytest.raises(Refused, match="signature"):
        KeyCard.from_bytes(_signed(json.loads(card.to_bytes()), new,
                                   b"screening-app key card v1\n"))
    # Version 2 needs its statements; without them it is no card at all.
    with pytest.raises(Refused):
        KeyCard.from_bytes(_signed(dict(v2, key_changes=[]), new,
                                   b"screening-app key card v1\n"))


def test_a_chain_runs_from_a_version_2_card_to_a_version_3_card(police: Party) -> None:
    from screening_app.domain.models import utc_now
    from screening_app.exchange.trust import Verdict, assess_card

    second, new = _rotated(police)
    held = KeyCard.from_bytes(_signed(_v2_layout(second, "LawEnforcement"), new,
                                      b"screening-app key card v1\n"))
    newer = DeviceIdentity.generate()
    third = KeyCard.for_agency(police.agency, newer,
                               key_changes=(*held.key_changes, KeyChange.make(held, new, newer)))
    offered = KeyCard.from_bytes(third.to_bytes())
    assert json.loads(offered.to_bytes())["card_version"] == 3
    assert offered.type is AgencyType.LAW_ENFORCEMENT
    verdict = assess_card(held, offered, now=utc_now())
    assert verdict.verdict is Verdict.KEY_CHANGE_PROVEN
