"""Key cards: export, import, fingerprint, QR, tampering."""

from __future__ import annotations

import json

import pytest
from exchange_parties import Party

from screening_app.errors import Refused
from screening_app.exchange.cards import (
    KeyCard,
    agency_id_for,
    fingerprint_qr_png,
    fingerprint_qr_text,
)
from screening_app.exchange.identity import DeviceIdentity


def test_card_round_trip(police: Party) -> None:
    again = KeyCard.from_bytes(police.card.to_bytes())
    assert again == police.card
    assert again.to_agency().fingerprint == police.card.fingerprint
    groups = police.card.fingerprint.split(" ")
    assert len(groups) == 8 and all(len(g) == 5 and g.isdigit() for g in groups)


def test_fingerprint_changes_with_keys(police: Party) -> None:
    other = KeyCard.for_agency(police.agency, DeviceIdentity.generate())
    assert other.fingerprint != police.card.fingerprint


def test_card_carries_no_secret(police: Party) -> None:
    text = police.card.to_bytes().decode()
    assert "AGE-SECRET-KEY" not in text
    assert police.identity.to_dict()["signing_secret"] not in text


@pytest.mark.parametrize("change", [
    lambda d: d.update(name="Someone else"),
    lambda d: d.update(age_recipients=[DeviceIdentity.generate().age_recipient]),
    lambda d: d.update(revoked=True),
    lambda d: d.update(unexpected=1),
    lambda d: d.update(card_version=9),
])
def test_tampered_card_refused(police: Party, change) -> None:  # type: ignore[no-untyped-def]
    d = json.loads(police.card.to_bytes())
    change(d)
    data = json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    with pytest.raises(Refused):
        KeyCard.from_bytes(data)


def test_not_a_card_refused() -> None:
    for data in (b"", b"[]", b"\xff\xfe", b'{"format":"x"}', b"A" * 100_000):
        with pytest.raises(Refused):
            KeyCard.from_bytes(data)


def test_qr_code_png(police: Party) -> None:
    png = fingerprint_qr_png(police.card.id, police.card.fingerprint)
    assert png.startswith(b"\x89PNG")
    assert police.card.fingerprint in fingerprint_qr_text(police.card.id,
                                                          police.card.fingerprint)


def test_agency_id_slug() -> None:
    assert agency_id_for("KH", "National Committee for Counter Trafficking (NCCT)") == \
        "kh-national-committee-for-counter-trafficking-ncct"
    khmer, thai = agency_id_for("KH", "គណៈកម្មាធិការជាតិ"), agency_id_for("TH", "กระทรวง")
    assert khmer.startswith("kh-agency-") and thai.startswith("th-agency-")
    assert agency_id_for("KH", "គណៈកម្មាធិការ") != khmer
