"""An installation made by main at 38288be (key rotation, pending cards, the keyring
and signed audit checkpoints; before HTCDS 2.0), in tests/data/main-keys (how it
was made: its make_fixture.py), opens with this program: migrated to HTCDS 2.0
values with its keys, statements, pending card and checkpoints intact; its
version 2 cards still read; its own card now version 3 carrying the statement it
made; packets from a partner's rotated key shown or refused clearly."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from exchange_installations import new_case

from screening_app.domain import AgencyService, AgencyType, Gender
from screening_app.domain.models import utc_now
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.directory import AgencyDirectory, CardState
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.exchange.inspect import inspect_packet
from screening_app.exchange.packet import PacketRefused
from screening_app.exchange.rotation import rotate_agency_keys
from screening_app.exchange.trust import Verdict, assess_card
from screening_app.storage import Session

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "main-keys"
IDS: dict[str, str] = json.loads((FIXTURE / "ids.json").read_text(encoding="utf-8"))
PASSPHRASES = {"admin": "admin passphrase", "officer": "officer passphrase"}
POLICE_ID, LEGAL_ID = "kh-border-police-poipet", "th-legal-aid-centre-chiang-rai"


@pytest.fixture
def shelter(tmp_path: Path) -> Path:
    """A copy of main's installation (opening migrates; the fixture is never opened)."""
    target = tmp_path / "shelter"
    shutil.copytree(FIXTURE / "shelter", target)
    for folder in ("inbox", "outbox", "logs"):
        (target / folder).mkdir(mode=0o700, exist_ok=True)
    return target


def _open(path: Path, user: str = "officer") -> Session:
    return Session.open(path, user, PASSPHRASES[user])


def _card(name: str) -> bytes:
    return (FIXTURE / "cards" / f"{name}.card").read_bytes()


def _packet(name: str) -> bytes:
    return (FIXTURE / "packets" / f"{name}.srp").read_bytes()


def _versions(session: Session) -> dict[str, int]:
    return {str(c): int(v) for c, v in session.database.query(
        "SELECT component, max(version) FROM schema_migrations GROUP BY component")}


def test_fixture_is_main_with_rotated_keys(shelter: Path) -> None:
    """The fixture holds what the tests below need (read without migrating)."""
    from screening_app.storage.database import Database
    from screening_app.storage.vault import Vault

    vault = Vault.load(shelter / "vault.json")
    slot = vault.slot_of("officer")
    assert slot is not None
    master = vault.open_slot(slot, PASSPHRASES["officer"])
    assert master is not None
    db = Database(shelter / "cases.db", master)
    try:
        versions = dict(db.query("SELECT component, max(version) FROM schema_migrations "
                                 "GROUP BY component"))
        counts = {table: db.query(f"SELECT count(*) FROM {table}")[0][0]
                  for table in ("exchange_key_changes", "exchange_retired_identities",
                                "exchange_card_outbox", "audit_checkpoints", "key_slots")}
        pending = db.query("SELECT id FROM exchange_agencies WHERE pending_card IS NOT NULL")
        police = db.query("SELECT card FROM exchange_agencies WHERE id = ?", (POLICE_ID,))
        genders = {r[0] for r in db.query("SELECT gender FROM cases")}
    finally:
        db.close()
    assert (versions["core"], versions["exchange"], versions["keyring"]) == (6, 2, 1)
    assert counts["exchange_key_changes"] == counts["exchange_retired_identities"] == 1
    # the shelter's new card waits for both partners holding a card (police, legal aid)
    assert counts["exchange_card_outbox"] == 2 and counts["audit_checkpoints"] >= 2
    assert [r[0] for r in pending] == [LEGAL_ID]
    assert json.loads(bytes(police[0][0]))["card_version"] == 2
    assert genders == {"Male", "Unknown"}
    for name in ("police-v2", "shelter-v2"):
        card = json.loads(_card(name))
        assert card["card_version"] == 2 and len(card["key_changes"]) == 1


def test_opens_migrated_with_keys_pending_card_and_checkpoints(shelter: Path) -> None:
    with _open(shelter) as session:
        report = session.check()
        versions = _versions(session)
        directory = AgencyDirectory(session)
        own = directory.own_agency()
        police, legal = directory.entry(POLICE_ID), directory.entry(LEGAL_ID)
        male, unknown = session.cases.get(IDS["male"]), session.cases.get(IDS["unknown"])
        base = [json.loads(b) for (b,) in session.database.query(
            "SELECT body FROM exchange_case_base")]
        retired = directory.retired_identities()
        queued = [bytes(r[0]) for r in session.database.query(
            "SELECT card FROM exchange_card_outbox")]
    assert report.ok and report.checkpoints >= 2 and not report.stray_slots, report.to_dict()
    assert (versions["core"], versions["exchange"], versions["keyring"]) == (7, 3, 1)
    assert (own.type, own.service) == (None, AgencyService.SOCIAL_SERVICE)
    assert police is not None and police.card is not None
    assert police.state == CardState.VERIFIED and len(police.card.key_changes) == 1
    assert police.card.type is AgencyType.LAW_ENFORCEMENT
    assert police.agency.type is AgencyType.LAW_ENFORCEMENT
    assert legal is not None and legal.pending is not None
    assert legal.state == CardState.KEYS_CHANGED
    assert legal.pending.type is AgencyType.LEGAL
    assert male.person.gender is Gender.MASCULINE and male.person.citizenship == ["VN"]
    assert unknown.person.gender is Gender.NOT_SPECIFIED and unknown.person.citizenship == []
    assert [b["person"]["gender"] for b in base] == ["Masculine"]
    assert len(retired) == 1
    # the cards main queued for partners at its rotation stay version 2 and readable
    assert queued and all(json.loads(c)["card_version"] == 2 for c in queued)
    assert {KeyCard.from_bytes(c).fingerprint for c in queued} == {
        KeyCard.from_bytes(_card("shelter-v2")).fingerprint}


def test_own_card_is_version_3_and_partners_holding_older_cards_follow(shelter: Path) -> None:
    held_v1, held_v2 = KeyCard.from_bytes(_card("shelter-v1")), KeyCard.from_bytes(
        _card("shelter-v2"))
    with _open(shelter) as session:
        own = KeyCard.from_bytes(AgencyDirectory(session).own_card().to_bytes())
    d = json.loads(own.to_bytes())
    assert d["card_version"] == 3 and d["org_Type"] is None and d["x_service"] == \
        "SocialService"
    assert own.key_changes == held_v2.key_changes      # the statement made before the upgrade
    now = utc_now()
    assert assess_card(held_v2, own, now=now).verdict is Verdict.RENEWAL
    assert assess_card(held_v1, own, now=now).verdict is Verdict.KEY_CHANGE_PROVEN
    # A rotation after the upgrade: the chain runs from the version 1 and 2 cards.
    with _open(shelter, "admin") as admin:
        assert rotate_agency_keys(admin) is not None
        queued = [bytes(r[0]) for r in admin.database.query(
            "SELECT card FROM exchange_card_outbox WHERE copied_at IS NULL")]
    assert len(queued) == 2 and queued[0] == queued[1]      # police and legal aid
    rotated = KeyCard.from_bytes(queued[0])
    assert json.loads(queued[0])["card_version"] == 3 and len(rotated.key_changes) == 2
    for held in (held_v1, held_v2):
        assert assess_card(held, rotated, now=now).verdict is Verdict.KEY_CHANGE_PROVEN


def test_version_2_cards_made_by_main_still_read(data_dir_factory: Any) -> None:
    police_v1, police_v2 = _card("police-v1"), _card("police-v2")
    card = KeyCard.from_bytes(police_v2)
    assert card.to_bytes() == police_v2           # kept as signed: verifies when read back
    assert card.type is AgencyType.LAW_ENFORCEMENT and card.service is None
    shelter_v2 = KeyCard.from_bytes(_card("shelter-v2"))
    assert (shelter_v2.type, shelter_v2.service) == (None, AgencyService.SOCIAL_SERVICE)
    other = data_dir_factory("other", agency_name="Legal aid centre", country="TH",
                             agency_type="LegalService")
    with other.open() as session:
        directory = AgencyDirectory(session)
        directory.import_card(police_v1, verified=True)
        done = directory.import_card(police_v2)
        entry = directory.entry(POLICE_ID)
    assert done.outcome == "key-change" and done.verified
    assert entry is not None and entry.card is not None and entry.card.to_bytes() == police_v2


def test_packets_from_the_partners_rotated_key(shelter: Path) -> None:
    with _open(shelter) as session:
        shown = inspect_packet(session, _packet("new_police_key")).to_dict()
        assert inspect_packet(session, _packet("current")).packet.sender_verified
        with pytest.raises(PacketRefused) as old:
            inspect_packet(session, _packet("old_police_key"))
        importer = Importer(session)
        results = [importer.import_packet(_packet(n)) for n in ("new_police_key", "current")]
        bounmy = session.cases.get(IDS["new_police_key"])
        aung = session.cases.get(IDS["current"])
    assert shown["sender_verified"] and shown["manifest"]["format_version"] == 1
    assert shown["case_as_htcds_2_0"]["htcds"]["prs_Gender"] == "Masculine"
    assert old.value.code == "replaced-key"
    assert "replaced" in old.value.message and "again" in old.value.message
    assert [r.status for r in results] == ["imported", "imported"]
    assert bounmy.person.gender is Gender.MASCULINE and bounmy.person.citizenship == ["LA"]
    assert aung.person.gender is Gender.NOT_SPECIFIED and aung.person.citizenship == ["MM"]


def test_exports_after_the_upgrade_go_only_to_verified_cards(shelter: Path) -> None:
    with _open(shelter) as session:
        case_id = new_case(session)
        built = export_case(session, case_id, POLICE_ID, with_pdf=False)
        assert built.packet.data
        with pytest.raises(Exception, match="not verified"):
            export_case(session, case_id, LEGAL_ID, with_pdf=False)


def test_inspect_says_when_the_senders_keys_changed_unverified(shelter: Path,
                                                                 data_dir_factory: Any) -> None:
    # Someone with the legal aid centre's name and new keys (the card pending at the
    # shelter since main) sends a packet: not shown, and the reason is the keys.
    legal = data_dir_factory("legal", agency_name="Legal aid centre Chiang Rai", country="TH",
                             agency_type="LegalService")
    with _open(shelter) as session:
        shelter_card = AgencyDirectory(session).own_card().to_bytes()
    with legal.open() as session:
        AgencyDirectory(session).import_card(shelter_card, verified=True)
        packet = export_case(session, new_case(session), "th-msdhs", with_pdf=False).packet.data
    with _open(shelter) as session:
        before = session.cases.count()
        with pytest.raises(PacketRefused) as refused:
            inspect_packet(session, packet)
        held = session.database.query("SELECT count(*) FROM exchange_quarantine")[0][0]
        assert session.cases.count() == before and held == 0     # nothing stored
        audited = [json.loads(r[0]) for r in session.database.query(
            "SELECT detail FROM audit_log WHERE action = 'packet_inspect'")]
    assert refused.value.code == "keys-changed" and "not verified" in refused.value.message
    assert audited[-1]["result"] == "keys-changed"


def test_cli_inspect_of_a_packet_signed_with_a_replaced_key(shelter: Path) -> None:
    env = dict(os.environ, SCREENING_APP_PASSPHRASE=PASSPHRASES["officer"],
               SCREENING_APP_LANG="en")
    done = subprocess.run(
        [sys.executable, "-m", "screening_app", "packet", "inspect",
         str(FIXTURE / "packets" / "old_police_key.srp"), "--data-dir", str(shelter),
         "--user", "officer"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1 and not done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "since replaced" in lines[0], done.stderr
