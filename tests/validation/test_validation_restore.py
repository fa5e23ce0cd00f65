"""Restore (issue 15 item 1, issue 20 finding 10): administrators only, an
authenticated backup identity checked before anything is touched, another
installation's backup only with --replace-installation, an older backup only after
saying what would be set aside; both audited; replaced files kept."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from validation_cli import run_cli

from screening_app.domain import Consent, Person
from screening_app.errors import Refused
from screening_app.storage import Session
from screening_app.storage.backup import write_backup
from screening_app.storage.restore import (
    ForeignInstallation,
    NewerDatabase,
    confirmation_word,
    inspect_restore,
    restore_backup,
)
from tests.storage.vault_keys import key_slots


def _backup(made: Any, tmp_path: Path, name: str = "backup.zip", cases: int = 1) -> Path:
    with made.open("officer") as s:
        for i in range(cases):
            s.cases.create(Person(latin_name=f"Before backup {i}"), Consent())
        out = tmp_path / name
        write_backup(s, out)
    return out


def _snapshot(made: Any) -> tuple[dict[str, Any], list[str], bool, bool]:
    """The key slots, the cases, whether the audit chain with its signed checkpoints
    still checks, and whether anything was set aside. A login to try adds audit rows,
    and a supervisor's or administrator's login also a checkpoint and their moved
    anchor (issue 20), so neither the database nor vault.json keeps its bytes."""
    with Session.open(made.path, "supervisor", made.passphrases["supervisor"]) as s:
        ids = sorted(c.id for c in s.cases.list(limit=1000))
        checks = s.check().ok
    return key_slots(made.path), ids, checks, (made.path / "replaced").exists()


def _restore_rows(made: Any, user: str = "admin") -> list[dict[str, Any]]:
    with made.open(user) as s:
        return [e for e in s.audit.entries(limit=500) if e["action"] == "restore"]


def test_an_officer_or_supervisor_cannot_restore(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    with made.open("officer") as s:
        s.cases.create(Person(latin_name="After"), Consent())
    before = _snapshot(made)
    for user in ("officer", "supervisor"):
        ran = run_cli("restore", out, "--force", "--data-dir", made.path, "--user", user,
                      passphrase=made.passphrases[user])
        ran.refused("administrator")
        with pytest.raises(Refused, match="administrator"):
            restore_backup(made.path, out, user, made.passphrases[user], force=True)
    assert _snapshot(made) == before
    assert not (made.path / "replaced").exists()


def test_another_installations_backup_is_refused_unless_asked_for(data_dir_factory,
                                                                 tmp_path: Path) -> None:
    ours = data_dir_factory("ours", agency_name="Shelter Poipet")
    theirs = data_dir_factory("theirs", agency_name="Border Police Aranyaprathet",
                              country="TH")
    out = _backup(theirs, tmp_path, cases=3)
    _backup(ours, tmp_path, "ours.zip", cases=2)
    before = _snapshot(ours)
    # the same user name and passphrase open both: only the identity tells them apart
    dd = ["--data-dir", ours.path, "--user", "admin"]
    ran = run_cli("restore", out, "--force", *dd, passphrase="admin passphrase")
    ran.refused("Border Police Aranyaprathet", "Shelter Poipet", "--replace-installation")
    with pytest.raises(ForeignInstallation):
        restore_backup(ours.path, out, "admin", "admin passphrase", force=True)
    # at a terminal the administrator types the agency name of what is replaced
    typed: list[str] = []
    with pytest.raises(Refused, match="not typed as shown"):
        restore_backup(ours.path, out, "admin", "admin passphrase", replace_installation=True,
                       ask=lambda plan: bool(typed.append(confirmation_word(plan))))
    assert typed == ["Shelter Poipet"]
    assert _snapshot(ours) == before
    done = run_cli("restore", out, "--replace-installation", *dd, passphrase="admin passphrase")
    assert done.returncode == 0, done.stderr
    with ours.open("supervisor") as s:
        assert s.cases.count() == 3
        assert s.device.agency_name == "Border Police Aranyaprathet"
    row = _restore_rows(ours)[0]
    assert row["detail"]["foreign"] is True and row["detail"]["replaced_cases"] == 2
    assert row["user"] == "admin"
    kept = list((ours.path / "replaced").iterdir())
    assert len(kept) == 1 and key_slots(kept[0]) == before[0]


def test_an_older_own_backup_says_what_would_be_set_aside(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    with made.open("officer") as s:
        for name in ("After one", "After two"):
            s.cases.create(Person(latin_name=name), Consent())
    plan = inspect_restore(made.path, out, "admin", made.passphrases["admin"])
    assert plan.relation == "older" and plan.cases_set_aside == 2 and plan.changes_set_aside >= 2
    before = _snapshot(made)
    ran = run_cli("restore", out, "--data-dir", made.path, "--user", "admin",
                  passphrase=made.passphrases["admin"])
    ran.refused("2 cases", "--force")
    with pytest.raises(NewerDatabase):
        restore_backup(made.path, out, "admin", made.passphrases["admin"])
    assert _snapshot(made) == before
    forced = run_cli("restore", out, "--force", "--data-dir", made.path, "--user", "admin",
                     passphrase=made.passphrases["admin"])
    assert forced.returncode == 0, forced.stderr
    with made.open("supervisor") as s:
        assert s.cases.count() == 1
    detail = _restore_rows(made)[0]["detail"]
    assert detail["older"] is True and detail["cases_set_aside"] == 2
    assert len(list((made.path / "replaced").iterdir())) == 1


def test_a_backup_that_is_not_older_restores_without_a_question(data_dir_factory,
                                                                tmp_path: Path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    with made.open("officer") as s:        # views and logins change nothing
        s.cases.list()
    ran = run_cli("restore", out, "--data-dir", made.path, "--user", "admin",
                  passphrase=made.passphrases["admin"])
    assert ran.returncode == 0, ran.stderr


def test_a_forged_last_change_does_not_bring_back_a_disabled_user(data_dir_factory,
                                                                  tmp_path: Path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    with made.open("admin") as s:
        s.users.disable("officer")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(forged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["identity"]["installation"]["last_change"] = "2999-01-01T00:00:00+00:00"
                data = json.dumps(manifest).encode()
            target.writestr(name, data)
    vault_before = key_slots(made.path)
    ran = run_cli("restore", forged, "--data-dir", made.path, "--user", "admin",
                  passphrase=made.passphrases["admin"])
    ran.refused("altered")
    assert key_slots(made.path) == vault_before
    with pytest.raises(Refused):
        Session.open(made.path, "officer", made.passphrases["officer"])
    # a manifest without identity (format 1) cannot claim anything either: the
    # backup's own audit chain says it is older, so restore asks
    stripped = tmp_path / "stripped.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(stripped, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "manifest.json":
                identity = json.loads(data)["identity"]
                data = json.dumps({
                    "format": "screening-app-backup", "version": 1, "app_version": "0.1.0",
                    "created_at": identity["created_at"],
                    "last_change": "2999-01-01T00:00:00+00:00",
                    "vault_id": identity["installation"]["installation_id"],
                    "key_generation": 99}).encode()
            target.writestr(name, data)
    run_cli("restore", stripped, "--data-dir", made.path, "--user", "admin",
            passphrase=made.passphrases["admin"]).refused("--force")
    assert key_slots(made.path) == vault_before


def test_restore_into_an_empty_place_needs_an_administrator_of_the_backup(
        data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    run_cli("restore", out, "--data-dir", elsewhere, "--user", "officer",
            passphrase=made.passphrases["officer"]).refused("administrator")
    assert not (elsewhere / "vault.json").exists()
    done = run_cli("restore", out, "--data-dir", elsewhere, "--user", "admin",
                   passphrase=made.passphrases["admin"])
    assert done.returncode == 0, done.stderr
    with Session.open(elsewhere, "officer", made.passphrases["officer"]) as s:
        assert s.cases.count() == 1


def test_a_damaged_database_here_is_replaced_by_an_administrator(data_dir_factory,
                                                                tmp_path: Path) -> None:
    made = data_dir_factory()
    out = _backup(made, tmp_path)
    db = made.path / "cases.db"
    damaged = bytearray(db.read_bytes())
    damaged[100] ^= 0x01
    db.write_bytes(bytes(damaged))
    run_cli("restore", out, "--force", "--data-dir", made.path, "--user", "officer",
            passphrase=made.passphrases["officer"]).refused("administrator")
    run_cli("restore", out, "--data-dir", made.path, "--user", "admin",
            passphrase=made.passphrases["admin"]).refused("cannot be read", "--force")
    done = run_cli("restore", out, "--force", "--data-dir", made.path, "--user", "admin",
                   passphrase=made.passphrases["admin"])
    assert done.returncode == 0, done.stderr
    with made.open("officer") as s:
        assert s.cases.count() == 1 and s.check().ok


def test_restore_shows_the_backup_against_what_is_here(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory(agency_name="Shelter Poipet")
    out = _backup(made, tmp_path, cases=2)
    ran = run_cli("restore", out, "--data-dir", made.path, "--user", "admin",
                  passphrase=made.passphrases["admin"])
    assert ran.returncode == 0, ran.stderr
    assert "Shelter Poipet" in ran.stderr and "2 cases" in ran.stderr
