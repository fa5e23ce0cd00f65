"""Unlocking: passphrases, recovery code, user management, rekey, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from screening_app.domain import Consent, Person, Role
from screening_app.errors import Refused
from screening_app.storage import Session
from screening_app.storage.throttle import FailedUnlocks, delay_after


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and p.suffix != ".lock"
            and p.name != "unlock-failures.json"}


def test_officer_opens_and_sees_role(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        assert s.user.name == "officer" and s.user.role is Role.OFFICER
        assert s.device.country == "KH"


def test_wrong_passphrase_refused_and_changes_nothing(data_dir_factory) -> None:
    made = data_dir_factory()
    before = _digest(made.path)
    with pytest.raises(Refused, match="Wrong passphrase"):
        Session.open(made.path, "officer", "not the passphrase")
    assert _digest(made.path) == before
    # the failure was counted in the side file, and reaches the audit log at the next unlock
    assert FailedUnlocks.load(made.path / "unlock-failures.json").count == 1
    with made.open("officer") as s:
        actions = [e["action"] for e in s.audit.entries(limit=5)]
        assert actions[:2] == ["login", "failed_login"]
    assert not (made.path / "unlock-failures.json").exists()


def test_unknown_user_refused(data_dir_factory) -> None:
    made = data_dir_factory()
    with pytest.raises(Refused, match="No such user"):
        Session.open(made.path, "nobody", "whatever passphrase")


def test_user_must_be_named_when_several(data_dir_factory) -> None:
    made = data_dir_factory()
    with pytest.raises(Refused, match="--user"):
        Session.open(made.path, None, made.passphrases["officer"])
    single = data_dir_factory("single", users=False)
    with Session.open(single.path, None, single.passphrases["admin"]) as s:
        assert s.user.name == "admin"


def test_repeated_failures_slow_down_and_survive_restart(data_dir_factory) -> None:
    made = data_dir_factory()
    assert [delay_after(n) for n in range(7)] == [0, 0, 0, 1, 2, 4, 8]
    for _ in range(3):
        with pytest.raises(Refused, match="Wrong passphrase"):
            Session.open(made.path, "officer", "bad passphrase!")
    # the fourth attempt within the delay is refused even with the right passphrase
    with pytest.raises(Refused, match="Wait"):
        Session.open(made.path, "officer", made.passphrases["officer"])
    failures = FailedUnlocks.load(made.path / "unlock-failures.json")
    assert failures.count == 3 and failures.wait_seconds("officer") > 0
    # let the delay pass (rewrite the time of the last failure) and unlock
    failures.names["officer"][1] -= 10
    failures._save()
    with made.open("officer") as s:
        rows = [e for e in s.audit.entries(limit=10) if e["action"] == "failed_login"]
        assert len(rows) == 3 and rows[0]["user"] == "officer"


def test_passphrase_change(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        s.users.passwd("officer", "a brand new passphrase")
        with pytest.raises(Refused):
            s.users.passwd("supervisor", "officers cannot do this")
    with pytest.raises(Refused, match="Wrong passphrase"):
        Session.open(made.path, "officer", made.passphrases["officer"])
    with Session.open(made.path, "officer", "a brand new passphrase") as s:
        assert s.user.name == "officer"


def test_recovery_code_opens_as_admin_and_resets_a_passphrase(data_dir_factory) -> None:
    made = data_dir_factory()
    with Session.open_with_recovery_code(made.path, made.recovery_code.lower()) as s:
        assert s.user.role is Role.ADMIN
        s.users.passwd("admin", "forgotten and reset")
        with pytest.raises(Refused):
            s.cases.list()
    with Session.open(made.path, "admin", "forgotten and reset") as s:
        assert s.audit.entries(limit=1)[0]["action"] == "login"
    with pytest.raises(Refused, match="recovery code"):
        Session.open_with_recovery_code(made.path, "AAAA-BBBB")


def test_disabled_user_old_vault_copy_cannot_open_after_rekey(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        case = s.cases.create(Person(given_name="Canary"), Consent(interview=True))
    old_vault = tmp_path / "old-vault.json"
    shutil.copy(made.path / "vault.json", old_vault)
    with made.open("admin") as s:
        s.users.disable("officer")
        assert "officer" not in s.vault.users()
        assert s.vault.generation == 2
    with pytest.raises(Refused):
        Session.open(made.path, "officer", made.passphrases["officer"])
    # the old vault copy still unseals the old master key, which no longer opens the db
    shutil.copy(made.path / "vault.json", tmp_path / "new-vault.json")
    shutil.copy(old_vault, made.path / "vault.json")
    with pytest.raises(Refused, match="not the database of this vault"):
        Session.open(made.path, "officer", made.passphrases["officer"])
    shutil.copy(tmp_path / "new-vault.json", made.path / "vault.json")
    # everyone else still gets in, without having given their passphrase for the rekey
    with made.open("supervisor") as s:
        assert s.cases.get(case.id).person.given_name == "Canary"
    with Session.open_with_recovery_code(made.path, made.recovery_code) as s:
        assert s.user.role is Role.ADMIN


def test_admin_manages_users_officer_cannot(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s, pytest.raises(Refused, match="administrator"):
        s.users.add("someone", "officer", "some passphrase")
    with made.open("admin") as s:
        with pytest.raises(Refused, match="last administrator"):
            s.users.disable("admin")
        with pytest.raises(Refused, match="exists"):
            s.users.add("officer", "officer", "another passphrase")
        with pytest.raises(Refused, match="at least"):
            s.users.add("shorty", "officer", "short")
        with pytest.raises(Refused, match="reserved"):
            s.users.add("Recovery", "officer", "long enough passphrase")
        s.users.add("ລາວ officer", Role.OFFICER, "lao passphrase")
        assert [u.name for u in s.users.list()] == ["admin", "officer", "supervisor",
                                                    "ລາວ officer"]


def test_second_instance_refused(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer"):
        with pytest.raises(Refused, match="already open"):
            made.open("supervisor")
    with made.open("supervisor"):   # released on close
        pass


def test_missing_or_corrupt_vault(data_dir_factory) -> None:
    made = data_dir_factory()
    vault = made.path / "vault.json"
    saved = vault.read_bytes()
    vault.write_bytes(saved[: len(saved) // 2])
    with pytest.raises(Refused, match="damaged"):
        made.open("officer")
    doc = json.loads(saved)
    doc["version"] = 99
    vault.write_text(json.dumps(doc))
    with pytest.raises(Refused, match="damaged"):
        made.open("officer")
    vault.unlink()
    with pytest.raises(Refused, match="missing"):
        made.open("officer")


def test_tampered_slot_header_does_not_open(data_dir_factory) -> None:
    made = data_dir_factory()
    vault = made.path / "vault.json"
    doc = json.loads(vault.read_text())
    for slot in doc["slots"]:
        if slot["user"] == "officer":
            slot["kdf"]["iterations"] = 2      # an attacker weakening or editing a slot
    vault.write_text(json.dumps(doc))
    with pytest.raises(Refused, match="Wrong passphrase"):
        made.open("officer")


def test_database_of_another_vault_refused(data_dir_factory) -> None:
    one = data_dir_factory("one")
    two = data_dir_factory("two")
    shutil.copy(two.path / "cases.db", one.path / "cases.db")
    with pytest.raises(Refused, match="not the database of this vault"):
        one.open("officer")
    (one.path / "cases.db").unlink()
    with pytest.raises(Refused, match="missing"):
        one.open("officer")


def test_no_data_dir(tmp_path) -> None:
    with pytest.raises(Refused, match="no data directory"):
        Session.open(tmp_path / "nowhere", "admin", "whatever passphrase")


def _set_read_only(paths: list[Path], read_only: bool) -> bool:
    """chmod, or for root (whom chmod does not stop) the immutable attribute."""
    if os.geteuid() != 0:
        for p in paths:
            p.chmod((0o500 if p.is_dir() else 0o400) if read_only else
                    (0o700 if p.is_dir() else 0o600))
        return True
    if shutil.which("chattr") is None:
        return False
    result = subprocess.run(["chattr", "+i" if read_only else "-i", *map(str, paths)],
                            capture_output=True)
    return result.returncode == 0


def test_read_only_data_dir_refused(data_dir_factory) -> None:
    made = data_dir_factory()
    paths = [*made.path.iterdir(), made.path]
    if not _set_read_only(paths, True):
        pytest.skip("cannot make a folder read-only here")
    try:
        with pytest.raises(Refused, match="read-only"):
            made.open("officer")
    finally:
        _set_read_only(paths, False)
    with made.open("officer"):
        pass


def test_close_wipes_and_locks(session) -> None:
    key = session._master_key
    session.close()
    assert key == bytearray(len(key)) and not session.is_open
    with pytest.raises(Refused, match="locked"):
        session.connection  # noqa: B018
    session.close()   # twice is fine
