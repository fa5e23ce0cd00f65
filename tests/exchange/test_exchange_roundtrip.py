"""Two installations exchange referrals, updates and receipts through a folder."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from exchange_installations import (
    POLICE_ID,
    SHELTER_ID,
    audit_actions,
    edit_person,
    introduce_to,
    make_pair,
    new_case,
    own_card,
    referred_case,
    state_digest,
)

from screening_app.domain import ReferralStatus
from screening_app.errors import Refused
from screening_app.exchange.archive import read_archive
from screening_app.exchange.conflicts import open_conflicts, resolve
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer, received_referral
from screening_app.exchange.packet import PacketKind, PacketRefused, PdfStatus
from screening_app.exchange.sync import sync_folder


def test_referral_and_receipt_round_trip(data_dir_factory: Any, tmp_path: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    usb = tmp_path / "usb"
    usb.mkdir()
    with police.open() as session:
        case_id = new_case(session)
        exported = export_case(session, case_id, SHELTER_ID)
        assert exported.kind is PacketKind.REFERRAL
        assert exported.pdf is PdfStatus.INCLUDED          # the documents component is here
        report = sync_folder(session, usb)
        assert report.copied == 1
        assert session.cases.get(case_id).referrals[0].status is ReferralStatus.SENT
    assert [p.name for p in usb.iterdir()] == [exported.packet.packet_id + ".srp"]

    with shelter.open() as session:
        report = sync_folder(session, usb)
        assert [r.status for r in report.imported] == ["imported"]
        case = session.cases.get(case_id)
        assert case.person.given_name == "ស្រីពៅ"
        assert case.answers["q1"].value is True
        assert case.created_by == "officer"
        received = received_referral(session, case_id)
        assert received is not None
        fields, pdf = received
        assert fields["referring"] == POLICE_ID and fields["referred"] == SHELTER_ID
        assert pdf is not None and pdf.startswith(b"%PDF")
        # The receipt was queued with the import and copied by the same sync.
        assert report.copied == 1
        assert sync_folder(session, usb).copied == 0

    with police.open() as session:
        report = sync_folder(session, usb)
        assert [r.status for r in report.imported] == ["receipt"]
        referral = session.cases.get(case_id).referrals[0]
        assert referral.status is ReferralStatus.RECEIVED
        assert referral.agency_id == SHELTER_ID
        states = session.database.query("SELECT kind, state FROM exchange_outbox")
        assert [tuple(s) for s in states] == [("referral", "received")]
        # Nothing left to do: a second sync changes nothing.
        before = state_digest(session)
        again = sync_folder(session, usb)
        assert again.copied == 0 and all(not r.changed for r in again.imported)
        assert state_digest(session) == before


def test_same_packet_100_times_is_one_case(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        data = export_case(session, new_case(session), SHELTER_ID).packet.data
    with shelter.open() as session:
        importer = Importer(session)
        first = importer.import_packet(data)
        assert first.status == "imported"
        before = state_digest(session)
        for _ in range(99):
            assert importer.import_packet(data).status == "already-imported"
        assert state_digest(session) == before
        assert session.cases.count() == 1
        assert "already imported" in importer.import_packet(data).describe()


def test_update_is_merged_and_conflicts_kept(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    case_id, first = referred_case(police, shelter)
    edit_person(shelter, case_id, address="Shelter room 4", estimated_age=16)
    edit_person(police, case_id, phone="+85512345678", estimated_age=19)
    with police.open() as session:
        update = export_case(session, case_id, SHELTER_ID)
        assert update.kind is PacketKind.UPDATE
    with shelter.open() as session:
        result = Importer(session).import_packet(update.packet.data)
        assert result.status == "conflicts" and result.conflicts == 1
        assert result.fields_taken == ["person.phone"]
        case = session.cases.get(case_id)
        assert case.person.phone == "+85512345678"          # taken from the update
        assert case.person.address == "Shelter room 4"      # kept
        assert case.person.estimated_age == 16              # ours kept, never overwritten
        conflicts = open_conflicts(session, case_id)
        assert [(c.field, c.ours, c.theirs) for c in conflicts] == [
            ("person.estimated_age", 16, 19)]
        resolve(session, conflicts[0].id, "theirs")
        assert session.cases.get(case_id).person.estimated_age == 19
        assert open_conflicts(session) == []
        # The older referral arriving late changes nothing.
        assert Importer(session).import_packet(first).status == "already-imported"


def test_update_back_to_the_sender(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session)
        data = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        Importer(session).import_packet(data)
        case = session.cases.get(case_id)
        case.note = "Family traced"
        session.cases.update(case)
        back = export_case(session, case_id, POLICE_ID)
        assert back.kind is PacketKind.UPDATE
    with police.open() as session:
        result = Importer(session).import_packet(back.packet.data)
        assert result.status == "merged" and result.conflicts == 0
        assert session.cases.get(case_id).note == "Family traced"


def test_unknown_sender_is_quarantined_then_released(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory, introduce=False)
    introduce_to(police, shelter)                 # the shelter does not know the police yet
    with police.open() as session:
        case_id = new_case(session)
        data = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        importer = Importer(session)
        result = importer.import_packet(data)
        assert result.status == "quarantined" and not result.ok
        assert "quarantine" in result.describe()
        assert importer.import_packet(data).status == "already-quarantined"
        assert session.cases.count() == 0
        assert "packet_quarantine" in audit_actions(session)
    introduce_to(shelter, police, verified=False)
    with shelter.open() as session:
        released = Importer(session).release_quarantine(POLICE_ID)
        assert [getattr(r, "status", None) for r in released] == ["imported"]
        assert not released[0].sender_verified          # type: ignore[union-attr]
        assert session.cases.count() == 1
        assert Importer(session).quarantined() == []


def test_export_refused_without_consent(data_dir_factory: Any) -> None:
    police, _shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session, share=False)
        before = state_digest(session)
        with pytest.raises(Refused, match="consent"):
            export_case(session, case_id, SHELTER_ID)
        assert state_digest(session) == before


def test_export_refused_to_agency_without_card(data_dir_factory: Any) -> None:
    police, _shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session)
        with pytest.raises(Refused, match="no key card"):
            export_case(session, case_id, "vn-mps")          # seeded, no keys


def test_receipt_for_unknown_packet_and_update_without_case(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session)
        export_case(session, case_id, SHELTER_ID)
        update = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        before = state_digest(session)
        with pytest.raises(PacketRefused) as info:
            Importer(session).import_packet(update)           # the referral never arrived
        assert info.value.code == "update-without-case"
        assert state_digest(session) == before
        assert audit_actions(session)[-1] == "packet_refused"
    # A receipt is only accepted for a packet sent from here to its sender.
    with police.open() as session:
        own_case = new_case(session)
    with shelter.open() as session:
        from screening_app.domain.models import utc_now
        from screening_app.exchange.exporter import queue_receipt
        from screening_app.exchange.packet import Receipt

        directory = AgencyDirectory(session)
        card = directory.card(POLICE_ID)
        assert card is not None
        with session.transaction() as cur:
            bogus = queue_receipt(cur, directory, card,
                                  Receipt("0190aaaa-0000-7000-8000-000000000000", own_case,
                                          utc_now(), "imported"))
        data = bytes(session.database.query(
            "SELECT data FROM exchange_outbox WHERE packet_id = ?", (bogus,))[0][0])
    with police.open() as session:
        with pytest.raises(PacketRefused) as info:
            Importer(session).import_packet(data)
        assert info.value.code == "receipt-unknown"


def test_revoked_card_stops_packets(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        data = export_case(session, new_case(session), SHELTER_ID).packet.data
        directory = AgencyDirectory(session)
        from screening_app.exchange.cards import KeyCard

        revoked = KeyCard.for_agency(directory.own_agency(), directory.identity(),
                                     revoked=True).to_bytes()
    with shelter.open() as session:
        outcome = AgencyDirectory(session).import_card(revoked)
        assert outcome.outcome == "revoked"
        with pytest.raises(PacketRefused) as info:
            Importer(session).import_packet(data)
        assert info.value.code == "revoked-sender"
        assert session.cases.count() == 0


def test_identity_is_stable_and_secret_stays_in_db(data_dir_factory: Any) -> None:
    police, _shelter = make_pair(data_dir_factory)
    with police.open() as session:
        first = AgencyDirectory(session).identity()
    with police.open() as session:
        assert AgencyDirectory(session).identity().age_identity == first.age_identity
    for path in police.made.path.rglob("*"):
        if path.is_file():
            assert first.age_identity.encode() not in path.read_bytes()


@pytest.mark.skipif(shutil.which("age") is None, reason="the age command is not installed")
def test_age_command_opens_an_exported_packet(data_dir_factory: Any, tmp_path: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        built = export_case(session, new_case(session), SHELTER_ID).packet
    with shelter.open() as session:
        secret = AgencyDirectory(session).identity().age_identity
    key = tmp_path / "identity.txt"
    key.write_text(secret + "\n")
    key.chmod(0o600)
    packet = tmp_path / "packet.srp"
    packet.write_bytes(built.data)
    archive = subprocess.run(["age", "--decrypt", "-i", str(key), str(packet)],
                             capture_output=True, check=True, timeout=60).stdout
    members = read_archive(archive)
    assert {"manifest.json", "manifest.sig", "case.json", "referral.pdf"} == set(members)
    assert json.loads(members["manifest.json"])["packet_id"] == built.packet_id


def test_locally_revoked_agency_is_refused_both_ways(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session)
        data = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        AgencyDirectory(session).revoke(POLICE_ID)
        with pytest.raises(PacketRefused) as info:
            Importer(session).import_packet(data)
        assert info.value.code == "revoked-sender"
        with pytest.raises(Refused, match="revoked"):
            export_case(session, case_id, POLICE_ID)
        assert "card_revoke" in audit_actions(session)
    # The same keys cannot come back with a new card; new keys can.
    card = own_card(police)
    with shelter.open() as session, pytest.raises(Refused, match="revoked"):
        AgencyDirectory(session).import_card(card)


def test_expired_card_is_not_imported(data_dir_factory: Any) -> None:
    from datetime import timedelta

    from screening_app.domain.models import utc_now
    from screening_app.exchange.cards import KeyCard

    police, shelter = make_pair(data_dir_factory, introduce=False)
    with police.open() as session:
        directory = AgencyDirectory(session)
        old = KeyCard.for_agency(directory.own_agency(), directory.identity(),
                                 expires=utc_now() - timedelta(seconds=1)).to_bytes()
    with shelter.open() as session:
        directory = AgencyDirectory(session)            # seeds the directory
        before = state_digest(session)
        with pytest.raises(Refused, match="expired"):
            directory.import_card(old)
        assert state_digest(session) == before


def test_quarantine_is_capped(data_dir_factory: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from screening_app.exchange import importer as importer_module

    monkeypatch.setattr(importer_module, "MAX_QUARANTINED", 1)
    police, shelter = make_pair(data_dir_factory, introduce=False)
    introduce_to(police, shelter)
    with police.open() as session:
        packets = [export_case(session, new_case(session), SHELTER_ID).packet.data
                   for _ in range(2)]
    with shelter.open() as session:
        assert Importer(session).import_packet(packets[0]).status == "quarantined"
        with pytest.raises(PacketRefused) as info:
            Importer(session).import_packet(packets[1])
        assert info.value.code == "quarantine-full"
        assert len(Importer(session).quarantined()) == 1
        assert audit_actions(session)[-1] == "packet_refused"


def test_sync_that_cannot_write_keeps_packets_queued(data_dir_factory: Any,
                                                     tmp_path: Path) -> None:
    police, _shelter = make_pair(data_dir_factory)
    usb = tmp_path / "usb"
    usb.mkdir()
    with police.open() as session:
        packet_id = export_case(session, new_case(session), SHELTER_ID).packet.packet_id
        # Something in the way of the packet's name (works even for root, unlike chmod).
        blocker = usb / (packet_id + ".srp")
        blocker.mkdir()
        with pytest.raises(Refused, match="stay queued"):
            sync_folder(session, usb)
        states = session.database.query("SELECT state FROM exchange_outbox")
        assert [s[0] for s in states] == ["queued"]
        assert not list(usb.glob("*.tmp"))
        blocker.rmdir()
        assert sync_folder(session, usb).copied == 1
        assert (usb / (packet_id + ".srp")).is_file()


def test_sync_folder_must_exist(data_dir_factory: Any, tmp_path: Path) -> None:
    police, _shelter = make_pair(data_dir_factory)
    with police.open() as session, pytest.raises(Refused, match="does not exist"):
        sync_folder(session, tmp_path / "no-such-stick")


def test_reference_already_used_here_is_kept_apart(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        case_id = new_case(session)
        reference = session.cases.get(case_id).reference
        data = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        local = session.cases.get(new_case(session))
        local.reference = reference                   # the same reference made here
        session.cases.put(local)
        assert Importer(session).import_packet(data).status == "imported"
        assert session.cases.get(case_id).reference == f"{reference}/{POLICE_ID}"
