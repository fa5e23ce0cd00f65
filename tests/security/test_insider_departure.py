"""A person who leaves takes nothing (issue 20, finding 3): a disabled officer with a
copy of the agency's age identity, taken before the disable, cannot read what partners
send afterwards. Real installations, the command line, real age decryption."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from insider_support import (
    POLICE,
    POLICE_ID,
    SHELTER,
    SHELTER_ID,
    age_identity_of,
    decrypts,
    installation,
    introduce,
    new_case,
    run,
)

from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer


def test_disabled_officer_cannot_read_packets_sent_after_the_disable(
        data_dir_factory: Any, tmp_path: Path) -> None:
    police = installation(data_dir_factory, "police", POLICE, POLICE_ID)
    shelter = installation(data_dir_factory, "shelter", SHELTER, SHELTER_ID)
    introduce(police, shelter)
    introduce(shelter, police)
    copied = age_identity_of(police)          # the officer's copy, before leaving
    with shelter.open() as session:
        in_flight = export_case(session, new_case(session), POLICE_ID).packet.data

    disabled = run(police.path, "user", "disable", "officer", user="admin",
                   passphrase=police.made.passphrases["admin"])
    assert disabled.returncode == 0, disabled.stderr
    usb = tmp_path / "usb"
    usb.mkdir()
    synced = run(police.path, "sync", "--folder", str(usb), user="supervisor",
                 passphrase=police.made.passphrases["supervisor"])
    assert synced.returncode == 0, synced.stderr
    cards = list(usb.glob("*.card"))
    synced = run(shelter.path, "sync", "--folder", str(usb), user="officer",
                 passphrase=shelter.made.passphrases["officer"])
    assert synced.returncode == 0, synced.stderr
    with shelter.open() as session:
        entry = AgencyDirectory(session).entry(POLICE_ID)
        after = export_case(session, new_case(session), POLICE_ID).packet.data

    assert not decrypts(after, copied), "the disabled officer's copy opened a new packet"
    assert "packet keys" in disabled.stdout, disabled.stdout
    assert cards, "the key change was not put in the outbox"
    # Proven by the old signing key: accepted without a phone call, still verified.
    assert entry.state == "verified", entry.state
    with police.open("supervisor") as session:
        importer = Importer(session)
        # The packet sent before the change is still opened (old identity kept a while).
        assert importer.import_packet(in_flight).status == "imported"
        assert importer.import_packet(after).status == "imported"
        assert "packet_keys_rotated" in [e["action"] for e in session.audit.entries(limit=200)]
