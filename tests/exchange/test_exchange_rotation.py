"""Rotating the agency's packet keys (exchange/rotation.py) on real installations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from exchange_installations import (
    SHELTER,
    SHELTER_ID,
    make_pair,
    new_case,
    own_card,
)

from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused
from screening_app.exchange.rotation import RETIRED_IDENTITY_DAYS, rotate_agency_keys
from screening_app.exchange.sync import sync_folder


def test_only_an_administrator_rotates_and_nothing_without_keys(data_dir_factory: Any) -> None:
    police, _shelter = make_pair(data_dir_factory, introduce=False)
    with police.open() as session, pytest.raises(Refused, match="administrator"):
        rotate_agency_keys(session)
    fresh = data_dir_factory("fresh", agency_name="Somewhere", country="LA",
                             agency_type="NGO")
    with fresh.open("admin") as session:
        assert rotate_agency_keys(session) is None          # no packet keys were ever made


def test_old_identity_opens_packets_in_flight_until_it_is_destroyed(
        data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        in_flight = export_case(session, new_case(session), SHELTER_ID).packet.data
    with shelter.made.open("admin") as session:
        rotated = rotate_agency_keys(session)
        assert rotated is not None and rotated.partners == 1
    with shelter.open() as session:
        assert Importer(session).import_packet(in_flight).status == "imported"


def test_old_identity_is_destroyed_after_its_days(data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        late = export_case(session, new_case(session), SHELTER_ID).packet.data
    with shelter.made.open("admin") as session:      # a rotation more than a month ago
        rotate_agency_keys(session, now=utc_now() - timedelta(days=RETIRED_IDENTITY_DAYS + 1))
    with shelter.open() as session:
        with pytest.raises(PacketRefused) as refused:
            Importer(session).import_packet(late)
        assert refused.value.code == "wrong-recipient"
        assert AgencyDirectory(session).retired_identities() == ()
        actions = [e["action"] for e in session.audit.entries(limit=50)]
        assert "retired_keys_destroyed" in actions


def test_partners_follow_two_rotations_through_the_folder(data_dir_factory: Any,
                                                          tmp_path: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    usb = tmp_path / "usb"
    usb.mkdir()
    with shelter.made.open("admin") as session:
        rotate_agency_keys(session)
        rotate_agency_keys(session)
        card = AgencyDirectory(session).own_card()
        assert len(card.key_changes) == 2
    # A stranger's card with the shelter's id, dropped in the same folder, changes nothing.
    stranger = data_dir_factory("stranger", **SHELTER)
    (usb / "th-msdhs-stranger.card").write_bytes(own_card(type(shelter)(stranger, SHELTER_ID)))
    with shelter.open() as session:
        sync_folder(session, usb)
    assert len(list(usb.glob("*.card"))) == 2
    with police.open() as session:
        report = sync_folder(session, usb)
        assert [c.outcome for c in report.cards] == ["key-change"]
        entry = AgencyDirectory(session).entry(SHELTER_ID)
        assert entry.card.fingerprint == card.fingerprint and entry.state == "verified"
        export_case(session, new_case(session), SHELTER_ID)
