"""Backups are encrypted, restore verifies first and never silently replaces newer data."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from screening_app.domain import Answer, Consent, Person
from screening_app.errors import Refused
from screening_app.storage.backup import read_backup_info, write_backup
from screening_app.storage.restore import NewerDatabase, restore_backup
from tests.storage.vault_keys import key_slots

CANARY = "Backupcanary Zqxj"


def _make(made, tmp_path: Path) -> tuple[Path, str]:
    with made.open("officer") as s:
        case = s.cases.create(Person(latin_name=CANARY), Consent(interview=True))
        s.cases.save_answer(case.id, Answer("q1", CANARY))
        out = tmp_path / "backup.zip"
        info = write_backup(s, out)
    assert info.last_change is not None
    return out, case.id


def test_round_trip_into_a_new_place(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    out, case_id = _make(made, tmp_path)
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0             # owner only
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert CANARY.encode() not in archive.read(name)
    elsewhere = tmp_path / "elsewhere"
    restore_backup(elsewhere, out, "admin", made.passphrases["admin"])
    with made.open("officer") as s:          # the original is untouched
        assert s.cases.count() == 1
    from screening_app.storage import Session

    with Session.open(elsewhere, "officer", made.passphrases["officer"]) as s:
        case = s.cases.get(case_id)
        assert case.answers["q1"].value == CANARY
        assert s.check().ok
        assert s.audit.entries(limit=3)[-1]["action"] in ("restore", "login")


def test_restore_over_lost_data(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    out, case_id = _make(made, tmp_path)
    (made.path / "cases.db").write_bytes(b"garbage" * 1000)      # a damaged disk
    # what is there cannot be read, so its age is unknown: asked (refused) first
    with pytest.raises(NewerDatabase):
        restore_backup(made.path, out, "admin", made.passphrases["admin"])
    restore_backup(made.path, out, "admin", made.passphrases["admin"], force=True)
    with made.open("officer") as s:
        assert s.cases.get(case_id).person.latin_name == CANARY
    if os.name == "posix":                                 # restored files: owner only
        assert [p.name for p in made.path.rglob("*") if p.stat().st_mode & 0o077] == []
    kept = list((made.path / "replaced").iterdir())
    assert len(kept) == 1 and (kept[0] / "cases.db").exists()


def test_newer_database_needs_force(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    out, _case = _make(made, tmp_path)
    with made.open("officer") as s:
        s.cases.create(Person(given_name="After the backup"), Consent())
    with pytest.raises(NewerDatabase):
        restore_backup(made.path, out, "admin", made.passphrases["admin"])
    with made.open("officer") as s:
        assert s.cases.count() == 2                               # nothing changed
    restore_backup(made.path, out, "admin", made.passphrases["admin"], force=True)
    with made.open("officer") as s:
        assert s.cases.count() == 1


def test_wrong_passphrase_or_damaged_backup_changes_nothing(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory()
    out, _case = _make(made, tmp_path)
    before = key_slots(made.path)
    with pytest.raises(Refused, match="Wrong passphrase"):
        restore_backup(made.path, out, "admin", "not it at all")
    damaged = tmp_path / "damaged.zip"
    data = bytearray(out.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = b"\0" * 64
    damaged.write_bytes(bytes(data))
    with pytest.raises(Refused):
        restore_backup(made.path, damaged, "admin", made.passphrases["admin"])
    not_zip = tmp_path / "x.zip"
    not_zip.write_text("hello")
    with pytest.raises(Refused, match="not a readable backup"):
        read_backup_info(not_zip)
    # the key slots are as they were; the administrator's unlock to try the damaged
    # backup signed an audit checkpoint (issue 20), which still holds with the rest
    assert key_slots(made.path) == before
    with made.open("admin") as s:
        assert s.check().ok
    with made.open("supervisor") as s:
        assert s.cases.count() == 1 and s.check().ok
    assert not (made.path / "replaced").exists()
    assert not list(made.path.glob("*.tmp"))
