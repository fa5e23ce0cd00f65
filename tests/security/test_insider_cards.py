"""Insider and forger tests of key-card trust (issue 20, findings 1 and 6), on real
installations: a forged same-id card, a forged revocation, a future-dated card, and
packets from an agency whose keys changed without proof."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from insider_support import (
    POLICE,
    POLICE_ID,
    SHELTER,
    SHELTER_ID,
    age_identity_of,
    card_of,
    decrypts,
    installation,
    introduce,
    new_case,
    run,
)

from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.importer import Importer


def _partners(data_dir_factory: Any) -> tuple[Any, Any]:
    police = installation(data_dir_factory, "police", POLICE, POLICE_ID)
    shelter = installation(data_dir_factory, "shelter", SHELTER, SHELTER_ID)
    introduce(police, shelter)
    introduce(shelter, police)
    return police, shelter


def test_forged_same_id_card_does_not_redirect_referrals(data_dir_factory: Any,
                                                         tmp_path: Any) -> None:
    police, shelter = _partners(data_dir_factory)
    # Anyone can set up an installation with the shelter's name, country and type.
    forger = installation(data_dir_factory, "forger", SHELTER, SHELTER_ID)
    forged = card_of(forger)
    assert KeyCard.from_bytes(forged).id == SHELTER_ID
    with police.open() as session:
        directory = AgencyDirectory(session)
        genuine = directory.entry(SHELTER_ID).card
        done = directory.import_card(forged)
        assert done.outcome == "keys-changed" and not done.verified
        case_id = new_case(session)
        exported = None
        try:
            exported = export_case(session, case_id, SHELTER_ID)
        except Refused as refused:
            assert "not verified" in refused.message.lower() or "changed" in \
                refused.message.lower()
        if exported is not None:
            leaked = decrypts(exported.packet.data, age_identity_of(forger))
            pytest.fail("a packet was exported to a forged card"
                        + (" and the forger decrypted the case" if leaked else ""))
        entry = directory.entry(SHELTER_ID)
        # The held, verified card stays until the change is proven.
        assert entry.card == genuine and entry.state == "keys-changed"
    # The command line refuses too, with one line.
    out = tmp_path / "p.srp"
    result = run(police.path, "packet", "export", case_id, "--to", SHELTER_ID, "--out",
                 str(out), user="officer", passphrase=police.made.passphrases["officer"])
    assert result.returncode == 1 and not out.exists(), result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # Once an officer compared the new fingerprint by phone and found it is not the
    # shelter's, the pending card is dropped and referrals go to the genuine keys.
    with police.open() as session:
        directory = AgencyDirectory(session)
        directory.reject_pending(SHELTER_ID)
        assert directory.entry(SHELTER_ID).state == "verified"
        packet = export_case(session, case_id, SHELTER_ID).packet.data
    assert decrypts(packet, age_identity_of(shelter))
    assert not decrypts(packet, age_identity_of(forger))


def test_forged_revocation_is_refused(data_dir_factory: Any) -> None:
    police, shelter = _partners(data_dir_factory)
    with police.open() as session:
        agency = AgencyDirectory(session).entry(SHELTER_ID).agency
    stranger = DeviceIdentity.generate()
    revocation = KeyCard.for_agency(agency, stranger, revoked=True).to_bytes()
    with police.open() as session:
        directory = AgencyDirectory(session)
        with pytest.raises(Refused, match="not signed by"):
            directory.import_card(revocation)
        assert directory.entry(SHELTER_ID).state == "verified"
        assert not directory.entry(SHELTER_ID).revoked
        packet = export_case(session, new_case(session), SHELTER_ID).packet.data
    assert decrypts(packet, age_identity_of(shelter))


def test_genuine_revocation_signed_by_the_held_key_is_accepted(data_dir_factory: Any) -> None:
    police, shelter = _partners(data_dir_factory)
    with shelter.open() as session:
        directory = AgencyDirectory(session)
        revocation = KeyCard.for_agency(directory.own_agency(), directory.identity(),
                                        revoked=True).to_bytes()
    with police.open() as session:
        directory = AgencyDirectory(session)
        assert directory.import_card(revocation).outcome == "revoked"
        with pytest.raises(Refused, match="revoked"):
            export_case(session, new_case(session), SHELTER_ID)


def test_future_dated_card_is_refused_and_blocks_nothing(data_dir_factory: Any) -> None:
    police, shelter = _partners(data_dir_factory)
    with shelter.open() as session:
        directory = AgencyDirectory(session)
        agency, identity = directory.own_agency(), directory.identity()
    forger = DeviceIdentity.generate()
    far = replace(KeyCard.for_agency(agency, forger), issued=datetime(9999, 1, 1, tzinfo=UTC))
    far_bytes = far.signed(forger).to_bytes()
    with police.open() as session:
        directory = AgencyDirectory(session)
        with pytest.raises(Refused, match="future"):
            directory.import_card(far_bytes)
    # The genuine agency's next card (new contacts, same keys) is still accepted.
    renewed = replace(KeyCard.for_agency(agency, identity), contacts={"phone": "+66 2 000 0000"})
    with police.open() as session:
        directory = AgencyDirectory(session)
        done = directory.import_card(renewed.signed(identity).to_bytes())
        assert done.outcome == "updated" and done.verified


def test_packets_wait_in_quarantine_while_keys_changed_unproven(data_dir_factory: Any) -> None:
    police, _shelter = _partners(data_dir_factory)
    # The shelter reinstalled without a key-change statement: new keys, same id.
    reinstalled = installation(data_dir_factory, "shelter2", SHELTER, SHELTER_ID)
    introduce(reinstalled, police)
    new_card = card_of(reinstalled)
    with police.open() as session:
        assert AgencyDirectory(session).import_card(new_card).outcome == "keys-changed"
    with reinstalled.open() as session:
        packet = export_case(session, new_case(session), POLICE_ID).packet.data
    with police.open() as session:
        result = Importer(session).import_packet(packet)
        assert result.status == "quarantined", result.status
        assert session.cases.count() == 0
    # The officer compares the new fingerprint by phone and confirms it.
    with police.open() as session:
        directory = AgencyDirectory(session)
        directory.mark_verified(SHELTER_ID)
        assert directory.entry(SHELTER_ID).state == "verified"
        assert directory.entry(SHELTER_ID).card == KeyCard.from_bytes(new_card)
        released = Importer(session).release_quarantine(SHELTER_ID)
        assert [getattr(r, "status", None) for r in released] == ["imported"]
