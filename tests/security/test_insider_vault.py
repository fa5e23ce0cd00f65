"""Insider tests of the vault (issue 20, findings 2, 5, 7, 8 and 13), on real
SQLCipher files: a planted slot, a downgraded KDF, a disable interrupted by a full
disk, copies kept by restore, and passphrases and recovery codes that never rotate."""

from __future__ import annotations

import json
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from insider_support import run, vault_doc

from screening_app.errors import Refused
from screening_app.storage import DEFAULT_KDF, Session
from screening_app.storage.backup import write_backup
from screening_app.storage.database import Database, WrongKey
from screening_app.storage.restore import restore_backup
from screening_app.storage.vault import SlotKind, Vault, normalise_recovery_code, wipe

PLANTED = "a secret only the officer knows"


def _opens_database(data_dir: Path, vault_path: Path, secret: str) -> bool:
    """Does any slot of this vault file, opened with `secret`, open the database?"""
    vault = Vault.load(vault_path)
    for slot in vault.slots:
        master = vault.open_slot(slot, secret)
        if master is None:
            continue
        try:
            Database(data_dir / "cases.db", master).close()
            return True
        except WrongKey:
            continue
        finally:
            wipe(master)
    return False


def _plant_recovery_slot(path: Path, user: str, passphrase: str) -> None:
    """What an officer can do with only their own passphrase and the vault file."""
    vault = Vault.load(path / "vault.json")
    slot = vault.slot_of(user)
    assert slot is not None
    master = vault.open_slot(slot, passphrase)
    assert master is not None
    vault.slots.append(vault.make_slot(SlotKind.RECOVERY, None, PLANTED, master))
    wipe(master)
    vault.save(path / "vault.json")


def test_planted_slot_is_reported_and_dropped_by_disable(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    _plant_recovery_slot(made.path, "officer", made.passphrases["officer"])
    assert _opens_database(made.path, made.path / "vault.json", PLANTED)
    checked = run(made.path, "check", "--json", user="admin",
                  passphrase=made.passphrases["admin"])
    report = json.loads(checked.stdout)
    assert checked.returncode == 1 and not report["ok"], "check said intact"
    assert [s["kind"] for s in report["stray_slots"]] == ["recovery"]
    listed = run(made.path, "user", "list", user="admin", passphrase=made.passphrases["admin"])
    assert "recovery" in listed.stdout and "not made by" in listed.stdout, listed.stdout
    disabled = run(made.path, "user", "disable", "officer", user="admin",
                   passphrase=made.passphrases["admin"])
    assert disabled.returncode == 0, disabled.stderr
    assert "1" in disabled.stdout and "dropped" in disabled.stdout, disabled.stdout
    assert not _opens_database(made.path, made.path / "vault.json", PLANTED), \
        "the planted secret still opens the database after the officer was disabled"
    assert len([s for s in vault_doc(made.path)["slots"] if s["kind"] == "recovery"]) == 1
    with Session.open_with_recovery_code(made.path, made.recovery_code) as session:
        assert session.check().ok


def test_downgraded_kdf_in_the_vault_file_is_ignored(tmp_path: Path) -> None:
    data = tmp_path / "data"
    admin = "mango river lantern quietly"
    init = run(data, "init", "--admin", "admin", passphrase=admin)
    assert init.returncode == 0, init.stderr
    doc = vault_doc(data)
    doc["kdf_for_new_slots"] = {"algorithm": "argon2id", "memory_kib": 8, "iterations": 1,
                                "lanes": 1}
    (data / "vault.json").write_text(json.dumps(doc))
    added = run(data, "user", "add", "officer", "--role", "officer", user="admin",
                passphrase=admin, new="tamarind ferry moonlight crossing")
    assert added.returncode == 0, added.stderr
    slot = next(s for s in vault_doc(data)["slots"] if s["user"] == "officer")
    assert slot["kdf"]["memory_kib"] >= DEFAULT_KDF.memory_kib
    assert slot["kdf"]["iterations"] >= DEFAULT_KDF.iterations


def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_disable_interrupted_by_a_full_disk_can_be_run_again(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("officer") as session:
        from screening_app.domain import Consent, Person

        for i in range(60):   # a database of some size: the rekey rewrites every page
            session.cases.create(Person(given_name=f"Name {i}", address="x" * 500),
                                 Consent(interview=True, record=True), note="y" * 2000)
    size = (made.path / "cases.db").stat().st_size
    failed = run(made.path, "user", "disable", "officer", user="admin",
                 passphrase=made.passphrases["admin"], preexec=_limit_file_size(size // 3))
    assert failed.returncode == 1, failed.stdout + failed.stderr
    with made.open("admin") as session:
        officer = session.users.get("officer")
        assert officer is not None and not officer.disabled, \
            "marked disabled although the key was not rotated"
    again = run(made.path, "user", "disable", "officer", user="admin",
                passphrase=made.passphrases["admin"])
    assert again.returncode == 0, again.stderr
    with pytest.raises(Refused):
        made.open("officer")
    with made.open("admin") as session:
        assert session.users.get("officer").disabled
        assert session.check().ok


def test_copies_kept_by_restore_are_removed_on_disable(data_dir_factory: Any,
                                                       tmp_path: Path) -> None:
    made = data_dir_factory()
    backup = tmp_path / "b.zip"
    with made.open("admin") as session:
        write_backup(session, backup)
    restore_backup(made.path, backup, "admin", made.passphrases["admin"], force=True)
    kept = list((made.path / "replaced").rglob("vault.json"))
    assert kept and _opens_database(kept[0].parent, kept[0], made.passphrases["officer"])
    disabled = run(made.path, "user", "disable", "officer", "--remove-replaced", user="admin",
                   passphrase=made.passphrases["admin"])
    assert disabled.returncode == 0, disabled.stderr
    for vault in (made.path / "replaced").rglob("vault.json"):
        assert not _opens_database(vault.parent, vault, made.passphrases["officer"]), \
            "a copy kept by restore still opens with the disabled user's passphrase"


def test_passwd_rotate_and_a_new_recovery_code(data_dir_factory: Any, tmp_path: Path) -> None:
    made = data_dir_factory()
    old_vault = tmp_path / "old-vault.json"
    shutil.copy(made.path / "vault.json", old_vault)
    changed = run(made.path, "user", "passwd", "officer", "--rotate", user="officer",
                  passphrase=made.passphrases["officer"], new="papaya harbour seventeen kites")
    assert changed.returncode == 0, changed.stderr
    assert not _opens_database(made.path, old_vault, made.passphrases["officer"]), \
        "the old passphrase in a copy of the vault still opens the database"
    code = run(made.path, "user", "recovery-code", user="admin",
               passphrase=made.passphrases["admin"])
    assert code.returncode == 0, code.stderr
    new_code = code.stdout.strip().splitlines()[-1]
    assert new_code != made.recovery_code
    with pytest.raises(Refused):
        Session.open_with_recovery_code(made.path, made.recovery_code)
    assert not _opens_database(made.path, old_vault, normalise_recovery_code(made.recovery_code))
    with Session.open_with_recovery_code(made.path, new_code) as session:
        actions = [e["action"] for e in session.audit.entries(limit=20)]
        assert "recovery_code" in actions and "user_passwd" in actions
