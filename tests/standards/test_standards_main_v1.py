"""An installation made by main before HTCDS 2.0 (tests/data/main-v1, made by main's
own code with made-up people) opens with this program: its cases, directory,
common versions and conflicts are migrated in place to 2.0 values, its v1 packets
and v1 key cards are read, and everything it then writes speaks HTCDS 2.0."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from screening_app.domain import AgencyService, AgencyType, Gender
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.conflicts import open_conflicts, resolve
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.exchange.importer import Importer
from screening_app.standards import htcds
from screening_app.storage import Session

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "main-v1"
IDS: dict[str, str] = json.loads((FIXTURE / "ids.json").read_text(encoding="utf-8"))
PASSPHRASE = "officer passphrase"


@pytest.fixture
def shelter(tmp_path: Path) -> Path:
    """A copy of main's installation (the fixture itself is never opened: opening
    migrates)."""
    target = tmp_path / "shelter"
    shutil.copytree(FIXTURE / "shelter", target)
    for folder in ("inbox", "outbox", "logs"):
        (target / folder).mkdir(mode=0o700, exist_ok=True)
    return target


def _open(path: Path) -> Session:
    return Session.open(path, "officer", PASSPHRASE)


def _rows(session: Session, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.database.query(sql, params)]


def test_fixture_is_main_before_htcds_2(shelter: Path) -> None:
    """The fixture really holds the old values (else the tests below prove nothing):
    read without migrating."""
    from screening_app.storage.database import Database
    from screening_app.storage.vault import Vault

    vault = Vault.load(shelter / "vault.json")
    slot = vault.slot_of("officer")
    assert slot is not None
    master = vault.open_slot(slot, PASSPHRASE)
    assert master is not None
    db = Database(shelter / "cases.db", master)
    try:
        assert db.query("SELECT max(version) FROM schema_migrations WHERE component = 'core'"
                        )[0][0] == 6
        genders = {r[0] for r in db.query("SELECT gender FROM cases")}
        person = json.loads(db.query("SELECT person FROM cases WHERE id = ?",
                                     (IDS["male"],))[0][0])
        meta = dict(db.query("SELECT key, value FROM meta"))
    finally:
        db.close()
    assert genders == {"Male", "Female", "Transgender/NonConforming", "Unknown"}
    assert person["nationality"] == "VN" and "citizenship" not in person
    assert meta["agency_type"] == "SocialService"
    card = json.loads((FIXTURE / "cards" / "shelter.card").read_text(encoding="utf-8"))
    assert card["card_version"] == 1 and card["type"] == "SocialService"


def test_stored_cases_migrate_to_htcds_2_values(shelter: Path) -> None:
    with _open(shelter) as session:
        assert session.check().ok
        migrated = {name: session.cases.get(IDS[name]) for name in
                    ("male", "transgender", "unknown", "interviewed", "received")}
        columns = dict(_rows(session, "SELECT id, gender FROM cases"))
        versions = dict(_rows(session, "SELECT component, max(version) FROM schema_migrations "
                                       "GROUP BY component"))
    assert migrated["male"].person.gender is Gender.MASCULINE
    assert migrated["male"].person.citizenship == ["VN"]
    assert migrated["transgender"].person.gender is Gender.NOT_SPECIFIED
    assert migrated["transgender"].person.citizenship == []
    assert migrated["unknown"].person.gender is Gender.NOT_SPECIFIED
    assert migrated["interviewed"].person.gender is Gender.FEMININE
    assert migrated["interviewed"].person.citizenship == ["KH"]
    assert migrated["received"].person.citizenship == ["TH"]     # the shelter's own edit
    assert set(columns.values()) <= {g.value for g in Gender}
    # main's keys work (exchange 2, keyring 1) and HTCDS 2.0 (core 7, exchange 3)
    assert (versions["core"], versions["exchange"], versions["keyring"]) == (7, 3, 1)
    # the form 1.0 answers keep the values the form offered
    assert migrated["interviewed"].answers["gender"].value == "Female"
    for case in migrated.values():
        for name, value in case_to_htcds(case).fields.items():
            htcds.check(name, value)


def test_installation_and_directory_take_org_type_and_service(shelter: Path) -> None:
    with _open(shelter) as session:
        device = session.device
        directory = AgencyDirectory(session)
        own = directory.own_agency()
        entries = {e.agency.id: e for e in directory.entries()}
    # main's "SocialService" was no org_Type: it is the project's service now
    assert (device.agency_type, device.agency_service) == (None, AgencyService.SOCIAL_SERVICE)
    assert own.id == "th-msdhs"
    police = entries["kh-border-police-poipet"]
    assert police.card is not None and police.card.type is AgencyType.LAW_ENFORCEMENT
    assert police.verified
    # seeded entries without a card follow the current seed files
    assert entries["kh-mosvy"].agency.type is AgencyType.CENTRAL_GOVERNMENT
    assert entries["kh-mosvy"].agency.service is AgencyService.SOCIAL_SERVICE
    assert entries["cn-mca-shelters"].agency.service is AgencyService.SHELTER
    for entry in entries.values():
        assert entry.agency.type is None or entry.agency.type in AgencyType


def test_common_versions_and_conflicts_migrate(shelter: Path) -> None:
    with _open(shelter) as session:
        bodies = [json.loads(b) for (b,) in _rows(session,
                                                  "SELECT body FROM exchange_case_base")]
        conflicts = open_conflicts(session)
        assert len(conflicts) == 1
        c = conflicts[0]
        assert (c.field, c.base, c.ours, c.theirs) == (
            "person.citizenship", ["KH"], ["TH"], ["LA"])
        resolve(session, c.id, "theirs")
        taken = session.cases.get(IDS["received"])
    for body in bodies:
        assert "nationality" not in body["person"]
        assert body["person"]["gender"] in {g.value for g in Gender}
    assert taken.person.citizenship == ["LA"]


def test_v1_packets_made_by_main_import_as_htcds_2(shelter: Path) -> None:
    with _open(shelter) as session:
        importer = Importer(session)
        results = [importer.import_packet((FIXTURE / "packets" / f"{name}.srp").read_bytes())
                   for name in ("v1_interviewed", "v1_transgender")]
        interviewed = session.cases.get(IDS["v1_interviewed"])
        transgender = session.cases.get(IDS["v1_transgender"])
        again = importer.import_packet((FIXTURE / "packets" / "v1_interviewed.srp").read_bytes())
    assert [r.status for r in results] == ["imported", "imported"]
    assert again.status == "already-imported"
    assert interviewed.person.gender is Gender.MASCULINE
    assert interviewed.person.citizenship == ["LA"]
    assert transgender.person.gender is Gender.NOT_SPECIFIED
    assert transgender.person.citizenship == ["KH"]
    came = interviewed.incoming_referral
    assert came is not None and came.referring_agency == "kh-border-police-poipet"
    assert came.reason is not None and came.reason.value == "AdditionalServicesRequired"
    fields = case_to_htcds(interviewed).fields
    assert fields["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert fields["cas_ReferringOrganisation"] == "kh-border-police-poipet"
    assert fields["cas_ReasonForIncomingReferral"] == "AdditionalServicesRequired"
    assert "cas_IncomingReferralDate" in fields
    assert "ForcedLabour" in fields["vic_TypeOfExploitation"]


def test_v1_key_cards_made_by_main_still_import(tmp_path: Path, data_dir_factory: Any) -> None:
    police = KeyCard.from_bytes((FIXTURE / "cards" / "police.card").read_bytes())
    shelter = KeyCard.from_bytes((FIXTURE / "cards" / "shelter.card").read_bytes())
    assert police.type is AgencyType.LAW_ENFORCEMENT and police.service is None
    assert shelter.type is None and shelter.service is AgencyService.SOCIAL_SERVICE
    # kept byte for byte (what its agency signed), so it verifies again when read back
    assert shelter.to_bytes() == (FIXTURE / "cards" / "shelter.card").read_bytes()
    made = data_dir_factory("other", agency_name="Legal aid centre", country="TH",
                            agency_type="LegalService")
    with made.open() as session:
        done = AgencyDirectory(session).import_card(shelter.to_bytes(), verified=True)
        entry = AgencyDirectory(session).entry(done.agency_id)
    assert entry is not None and entry.card is not None
    assert entry.agency.service is AgencyService.SOCIAL_SERVICE


def test_keys_rotate_after_the_upgrade_and_the_police_follows(shelter: Path) -> None:
    """main before the keys work had no statements, no keyring and no checkpoints:
    after the upgrade its slots are known, an admin's unlock signs a checkpoint and
    a rotation gives a version 3 card the police, holding the v1 card, follows."""
    from screening_app.domain.models import utc_now
    from screening_app.exchange.rotation import rotate_agency_keys
    from screening_app.exchange.trust import Verdict, assess_card

    held = KeyCard.from_bytes((FIXTURE / "cards" / "shelter.card").read_bytes())
    with Session.open(shelter, "admin", "admin passphrase") as admin:
        rotated = rotate_agency_keys(admin)
        card = AgencyDirectory(admin).own_card()
        report = admin.check()
    assert rotated is not None and rotated.old_fingerprint == held.fingerprint
    assert report.ok and report.checkpoints >= 1 and not report.stray_slots, report.to_dict()
    assert json.loads(card.to_bytes())["card_version"] == 3 and len(card.key_changes) == 1
    offered = KeyCard.from_bytes(card.to_bytes())
    assert assess_card(held, offered, now=utc_now()).verdict is Verdict.KEY_CHANGE_PROVEN
    with _open(shelter) as session:
        # v1 packets sent to the old keys still open with the retired identity
        result = Importer(session).import_packet(
            (FIXTURE / "packets" / "v1_interviewed.srp").read_bytes())
    assert result.status == "imported"
