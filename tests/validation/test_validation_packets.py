"""Packets (issue 15 item 4, issue 20 item 6): the validation layer runs on a packet's
case before anything is written. A partner's packet that fails is held in quarantine
with the reason, never half-imported; a stranger's packet that fails is not stored
at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from exchange_installations import Installation, make_pair, own_card, state_digest
from exchange_parties import Party, make_party
from validation_cli import run_cli

from screening_app.domain import AgencyType, Case, Consent, Gender, Person
from screening_app.domain.ids import new_case_id
from screening_app.exchange import htcds
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketKind, PacketRefused, build_packet


def party_of(inst: Installation) -> Party:
    with inst.open() as session:
        directory = AgencyDirectory(session)
        return Party(directory.own_agency(), directory.identity(), directory.own_card())


def a_case(**person: Any) -> Case:
    fields: dict[str, Any] = {"given_name": "ស្រីពៅ", "family_name": "សុខ",
                              "latin_name": "Sok Sreypov", "gender": Gender.FEMALE,
                              "nationality": "KH", "estimated_age": 17, "languages": ["km"]}
    fields.update(person)
    return Case(id=new_case_id(), reference="KH-PP-01-0009", created_by="officer1",
                person=Person(**fields),
                consent=Consent(interview=True, record=True, share_for_referral=True),
                form_id="identification", form_version="1.0")


def packet(sender: Party, receiver_card: KeyCard, document: dict[str, Any], case_id: str,
           ) -> bytes:
    return build_packet(kind=PacketKind.REFERRAL, identity=sender.identity,
                        sender_agency=sender.agency.id, recipient=receiver_card,
                        content={"case.json": canonical_bytes(document)}, case_id=case_id,
                        case_revision=1, form={"id": "identification", "version": "1.0"}).data


def document(case: Case, sender: str, receiver: str) -> dict[str, Any]:
    return htcds.case_to_packet(case, referring=sender, referred=receiver,
                                referral_date=date(2026, 11, 22))


def quarantined(inst: Installation) -> int:
    with inst.open() as session:
        return int(session.database.query("SELECT count(*) FROM exchange_quarantine")[0][0])


@pytest.fixture
def pair(data_dir_factory) -> tuple[Installation, Installation]:
    return make_pair(data_dir_factory)


@pytest.mark.parametrize("change, field", [
    ({"given_name": "Sok\u202eDara"}, "person.given_name"),
    ({"latin_name": "x" * 201}, "person.latin_name"),
    ({"estimated_age": 130}, "person.estimated_age"),
    ({"citizenship": ["KH", "XY"]}, "person.citizenship[1]"),   # XY: no country
])
def test_a_partners_invalid_case_is_held_with_the_reason(pair, tmp_path: Path,
                                                         change: dict[str, Any],
                                                         field: str) -> None:
    police, shelter = pair
    sender = party_of(police)
    receiver_card = KeyCard.from_bytes(own_card(shelter))
    case = a_case(**change)
    data = packet(sender, receiver_card, document(case, police.agency_id, shelter.agency_id),
                  case.id)
    with shelter.open() as session:
        before = state_digest(session)
        result = Importer(session).import_packet(data)
        assert result.status == "quarantined-invalid" and not result.ok
        assert field in result.describe() and "quarantine" in result.describe()
        assert not session.cases.exists(case.id)
        assert state_digest(session) != before       # held in quarantine, nothing else
        rows = session.database.query("SELECT count(*) FROM cases")[0][0]
        assert rows == 0
        actions = [e for e in session.audit.entries() if e["action"] == "packet_quarantine"]
        assert actions[0]["detail"]["reason"] == "invalid" and actions[0]["detail"]["field"]
    path = tmp_path / "again.age"
    path.write_bytes(data)
    again = run_cli("packet", "import", path, "--data-dir", shelter.made.path, "--user",
                    "officer", passphrase=shelter.made.passphrases["officer"])
    assert again.returncode == 1 and again.stdout == "" and "quarantine" in again.stderr
    assert quarantined(shelter) == 1


def test_a_partners_case_of_an_unknown_form_is_held(pair) -> None:
    police, shelter = pair
    sender = party_of(police)
    case = a_case()
    case.form_version = "7.3"
    data = packet(sender, KeyCard.from_bytes(own_card(shelter)),
                  document(case, police.agency_id, shelter.agency_id), case.id)
    with shelter.open() as session:
        result = Importer(session).import_packet(data)
    assert result.status == "quarantined-invalid" and "form" in result.describe()


def test_a_strangers_invalid_case_is_not_stored(pair) -> None:
    _police, shelter = pair
    stranger = make_party("th-unknown-ngo", "Unknown NGO", "TH", AgencyType.NGO)
    card = KeyCard.from_bytes(own_card(shelter))
    hostile = a_case(given_name="Sok\x1b[2J")
    data = packet(stranger, card, document(hostile, stranger.agency.id, shelter.agency_id),
                  hostile.id)
    with shelter.open() as session:
        before = state_digest(session)
        with pytest.raises(PacketRefused) as refused:
            Importer(session).import_packet(data)
        assert "person.given_name" in refused.value.message
        assert state_digest(session) == before
    fine = a_case()
    data = packet(stranger, card, document(fine, stranger.agency.id, shelter.agency_id), fine.id)
    with shelter.open() as session:
        assert Importer(session).import_packet(data).status == "quarantined"
    assert quarantined(shelter) == 1


def test_a_valid_partner_packet_still_imports(pair) -> None:
    police, shelter = pair
    sender = party_of(police)
    case = a_case(given_name="Đào", family_name="Nguyễn", nationality="VN", languages=["vi"])
    data = packet(sender, KeyCard.from_bytes(own_card(shelter)),
                  document(case, police.agency_id, shelter.agency_id), case.id)
    with shelter.open() as session:
        assert Importer(session).import_packet(data).status == "imported"
        assert session.cases.get(case.id).person.given_name == "Đào"
