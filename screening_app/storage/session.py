"""An unlocked data directory: init, unlock (passphrase or recovery code), the
repositories, check and close."""

from __future__ import annotations

import math
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.domain import AgencyService, AgencyType, Role, User
from screening_app.errors import Refused
from screening_app.i18n import _, ngettext
from screening_app.storage import retention
from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.cases import CaseRepository, ensure_search_index, timestamp
from screening_app.storage.created import MadeHere
from screening_app.storage.damage import DatabaseDamaged, damage_problems
from screening_app.storage.database import Database, WrongKey, disk_refusal, is_disk_fault
from screening_app.storage.datadir import DataDir
from screening_app.storage.duplicate_index import ensure_duplicate_index
from screening_app.storage.installation import Device, device_from_meta, new_device_facts
from screening_app.storage.instance import InstanceLock
from screening_app.storage.settings import Settings
from screening_app.storage.throttle import FailedUnlocks
from screening_app.storage.users import (
    RESERVED_NAME,
    UserDirectory,
    check_name,
    check_passphrase,
)
from screening_app.storage.vault import (
    DEFAULT_KDF,
    KdfParams,
    KeySlot,
    SlotKind,
    Vault,
    new_master_key,
    new_recovery_code,
    normalise_recovery_code,
    wipe,
)

RECOVERY_USER = RESERVED_NAME


def _refuse_while_waiting(failures: FailedUnlocks, name: str | None) -> None:
    wait, scope = failures.wait_for(name)
    if wait <= 0:
        return
    seconds = math.ceil(wait)
    if scope == "user":
        raise Refused(ngettext(
            "Too many wrong passphrases for this user. Wait {seconds} second and try again; "
            "nothing was changed.",
            "Too many wrong passphrases for this user. Wait {seconds} seconds and try again; "
            "nothing was changed.", seconds).format(seconds=seconds))
    raise Refused(ngettext(
        "Too many wrong passphrases on this device. Wait {seconds} second and try again; "
        "nothing was changed.",
        "Too many wrong passphrases on this device. Wait {seconds} seconds and try again; "
        "nothing was changed.", seconds).format(seconds=seconds))


def _read_failure(data_dir: DataDir, master: bytearray, error: BaseException) -> Refused:
    """A disk fault, or damage (a page that fails its check, a malformed file)."""
    if is_disk_fault(error):
        return disk_refusal(error)
    return DatabaseDamaged(damage_problems(data_dir.db_path, master))


def _refuse_mismatch() -> Refused:
    return Refused(_("The database does not belong to this vault file (or is damaged). "
                     "Nothing was changed; restore both files from the same backup."))


def init_data_dir(path: Path | str | DataDir, admin: str, passphrase: str,
                  agency_name: str | None = None, country: str | None = None,
                  agency_type: AgencyType | str | None = None,
                  kdf: KdfParams | None = None, site_code: str | None = None,
                  agency_service: AgencyService | str | None = None) -> str:
    """Create the data directory, database, vault, the admin's slot and a recovery
    slot. Returns the recovery code: show it once, it is stored nowhere. Every
    value is checked before anything is made; a failure later removes what this
    call made and nothing else."""
    data_dir = DataDir.of(path)
    check_name(admin)
    check_passphrase(passphrase)
    _check_installation(agency_name, country, agency_type, site_code, agency_service)
    if data_dir.vault_path.exists() or data_dir.db_path.exists():
        raise Refused(_("This data directory is already set up. Nothing was changed; use "
                        "another folder or open this one."))
    made = MadeHere(data_dir.path, data_dir.outbox, data_dir.inbox, data_dir.logs,
                    data_dir.lock_path, data_dir.db_path, data_dir.vault_path,
                    data_dir.db_path.with_name("cases.db-wal"),
                    data_dir.db_path.with_name("cases.db-shm"))
    try:
        return _init(data_dir, admin, passphrase, agency_name, country, agency_type, kdf,
                     site_code, agency_service)
    except BaseException:
        made.remove()
        raise


def _check_installation(agency_name: str | None, country: str | None,
                        agency_type: AgencyType | str | None, site_code: str | None,
                        agency_service: AgencyService | str | None) -> None:
    from screening_app.domain.validation import Invalid, check_installation
    from screening_app.errors import InvalidValue
    from screening_app.vocabulary import installed

    try:
        check_installation(installed(), agency_name=agency_name,
                           country=None if country is None else country.upper(),
                           agency_type=agency_type, site_code=site_code,
                           agency_service=agency_service)
    except Invalid as invalid:
        raise InvalidValue(invalid.problem, _("Nothing was created.")) from None


def _init(data_dir: DataDir, admin: str, passphrase: str, agency_name: str | None,
          country: str | None, agency_type: AgencyType | str | None, kdf: KdfParams | None,
          site_code: str | None, agency_service: AgencyService | str | None) -> str:
    try:
        data_dir.create_folders()
    except OSError:
        raise Refused(_("The data directory cannot be created here (read-only or full "
                        "disk). Nothing was changed.")) from None
    lock = InstanceLock(data_dir.lock_path)
    lock.acquire()
    master = new_master_key()
    code = new_recovery_code()
    vault = Vault(vault_id=str(uuid.uuid4()), generation=1,
                  new_slot_kdf=kdf or DEFAULT_KDF)
    try:
        db = Database(data_dir.db_path, master)
        try:
            db.migrate()
            ensure_search_index(db)
            ensure_duplicate_index(db)
            facts = new_device_facts(agency_name, country, agency_type, site_code,
                                     agency_service)
            facts["vault_id"] = vault.vault_id
            facts["created_at"] = timestamp(datetime.now(UTC))
            with db.transaction() as cur:
                cur.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                                sorted(facts.items()))
                cur.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                            (admin, Role.ADMIN.value, facts["created_at"]))
                audit = AuditLog(db, admin)
                audit.record(AuditAction.USER_ADD, detail={"user": admin, "role": "admin",
                                                           "init": True})
        finally:
            db.close()
        vault.slots.append(vault.make_slot(SlotKind.USER, admin, passphrase, master))
        vault.slots.append(vault.make_slot(SlotKind.RECOVERY, None,
                                           normalise_recovery_code(code), master))
        vault.save(data_dir.vault_path)
    except BaseException as error:
        if isinstance(error, sqlcipher.Error | OSError):
            raise disk_refusal(error) from None
        raise
    finally:
        wipe(master)
        lock.release()
    return code


@dataclass
class CheckReport:
    """What `check` found; `ok` when every part is clean."""

    integrity: list[str] = field(default_factory=list)
    cipher_integrity: list[str] = field(default_factory=list)
    audit_broken_row: int | None = None
    audit_rows: int = 0
    errors: list[str] = field(default_factory=list)   # parts that could not be read

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.cipher_integrity
                and self.audit_broken_row is None and not self.errors)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "integrity": self.integrity,
                "cipher_integrity": self.cipher_integrity,
                "audit_broken_row": self.audit_broken_row, "audit_rows": self.audit_rows,
                "errors": self.errors}


class Session:
    """An unlocked data directory. Close it on idle lock, panic lock and exit."""

    def __init__(self, data_dir: DataDir, vault: Vault, master_key: bytearray, db: Database,
                 user: User, lock: InstanceLock) -> None:
        self.data_dir = data_dir
        self.vault = vault
        self._master_key: bytearray | None = master_key
        self._db = db
        self.user = user
        self._lock = lock
        meta = dict(db.query("SELECT key, value FROM meta"))
        self.device: Device = device_from_meta(meta)
        self.audit = AuditLog(db, user.name)
        self.cases = CaseRepository(db, self.audit, user, self.device)
        self.settings = Settings(db, user.name)
        self.users = UserDirectory(self)

    # --- opening ------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: DataDir | Path | str, user: str | None,
             passphrase: str) -> Session:
        """Unlock with a user's passphrase. Refused (one translated line, nothing
        changed) on a wrong passphrase, an unknown user, a missing or damaged
        vault, a database that does not match it, a second instance, or a disk
        that cannot be written."""
        return cls._open(DataDir.of(data_dir), user, passphrase, recovery=False)

    @classmethod
    def open_with_recovery_code(cls, data_dir: DataDir | Path | str, code: str) -> Session:
        """Unlock with the recovery code printed at init: an administrator's
        session (manage users, set a forgotten passphrase)."""
        return cls._open(DataDir.of(data_dir), None, normalise_recovery_code(code),
                         recovery=True)

    @classmethod
    def _open(cls, data_dir: DataDir, user: str | None, secret: str,
              recovery: bool) -> Session:
        if not data_dir.path.is_dir():
            raise Refused(_("There is no data directory here. Nothing was changed; run "
                            "'screening-app init' or choose another folder."))
        lock = InstanceLock(data_dir.lock_path)
        lock.acquire()
        try:
            failures = FailedUnlocks.load(data_dir.failures_path)
            vault = Vault.load(data_dir.vault_path)
            slot = cls._choose_slot(vault, user, recovery, failures)
            name = RECOVERY_USER if recovery else slot.user
            _refuse_while_waiting(failures, name)
            master = vault.open_slot(slot, secret)
            if master is None:
                failures.add(name)
                if recovery:
                    raise Refused(_("Wrong recovery code. Nothing was changed; check the "
                                    "printed code and try again."))
                raise Refused(_("Wrong passphrase. Nothing was changed; try again."))
            if not data_dir.db_path.exists():
                wipe(master)
                raise Refused(_("The database file is missing from the data directory. "
                                "Nothing was changed; restore it from a backup."))
            db, vault, master = cls._open_database(data_dir, vault, slot, secret, master)
            try:
                session_user = cls._session_user(db, slot, recovery)
                session = cls(data_dir, vault, master, db, session_user, lock)
                cls._record_unlock(session, failures, recovery)
                retention.run_due(session)      # referred cases due for erasure
            except sqlcipher.DatabaseError as error:
                db.close()
                refusal = _read_failure(data_dir, master, error)
                wipe(master)
                raise refusal from None
            except BaseException:
                db.close()
                wipe(master)
                raise
            failures.clear(name)
            return session
        except BaseException:
            lock.release()
            raise

    @staticmethod
    def _choose_slot(vault: Vault, user: str | None, recovery: bool,
                     failures: FailedUnlocks) -> KeySlot:
        if recovery:
            slot = vault.recovery_slot()
            if slot is None:
                raise Refused(_("This data directory has no recovery code."))
            return slot
        if user is None:
            names = vault.users()
            if len(names) != 1:
                raise Refused(_("Several users share this data directory: say whose key slot "
                                "to open (--user NAME)."))
            user = names[0]
        found = vault.slot_of(user)
        if found is None:
            failures.add(None)   # counts like a wrong passphrase: no free guessing of names
            raise Refused(_("No such user in this data directory. Nothing was changed; check "
                            "the name."))
        return found

    @classmethod
    def _open_database(cls, data_dir: DataDir, vault: Vault, slot: KeySlot, secret: str,
                       master: bytearray) -> tuple[Database, Vault, bytearray]:
        try:
            try:
                db = Database(data_dir.db_path, master)
            except WrongKey:
                # A rekey may have finished without the new vault being promoted.
                promoted = cls._promote_pending_vault(data_dir, slot, secret)
                if promoted is None:
                    raise DatabaseDamaged(damage_problems(data_dir.db_path, master)) from None
                wipe(master)
                vault, master, db = promoted
            else:
                data_dir.pending_vault_path.unlink(missing_ok=True)
            meta = dict(db.query("SELECT key, value FROM meta"))
            if meta.get("vault_id") != vault.vault_id:
                db.close()
                raise _refuse_mismatch()
            db.migrate()
            ensure_search_index(db)
            ensure_duplicate_index(db)
        except sqlcipher.DatabaseError as error:
            refusal = _read_failure(data_dir, master, error)
            wipe(master)
            raise refusal from None
        except (sqlcipher.Error, OSError) as error:
            wipe(master)
            raise disk_refusal(error) from None
        except BaseException:
            wipe(master)
            raise
        return db, vault, master

    @staticmethod
    def _promote_pending_vault(data_dir: DataDir, slot: KeySlot,
                               secret: str) -> tuple[Vault, bytearray, Database] | None:
        if not data_dir.pending_vault_path.exists():
            return None
        pending = Vault.load(data_dir.pending_vault_path)
        twin = next((s for s in pending.slots if s.id == slot.id), None)
        if twin is None:
            return None
        master = pending.open_slot(twin, secret)
        if master is None:
            return None
        try:
            db = Database(data_dir.db_path, master)
        except WrongKey:
            wipe(master)
            return None
        pending.save(data_dir.vault_path)
        data_dir.pending_vault_path.unlink(missing_ok=True)
        return pending, master, db

    @staticmethod
    def _session_user(db: Database, slot: KeySlot, recovery: bool) -> User:
        if recovery:
            return User(name=RECOVERY_USER, role=Role.ADMIN)
        rows = db.query("SELECT name, role, disabled, created_at, language FROM users "
                        "WHERE name = ?", (slot.user,))
        if not rows or rows[0][2]:
            raise Refused(_("This user is disabled. Ask an administrator."))
        name, role, _disabled, created_at, language = rows[0]
        return User(name=name, role=Role(role), created_at=datetime.fromisoformat(created_at),
                    language=language)

    @staticmethod
    def _record_unlock(session: Session, failures: FailedUnlocks, recovery: bool) -> None:
        with session._db.transaction():
            for event in failures.events:
                session.audit.record(AuditAction.FAILED_LOGIN, user=event.get("user"),
                                     detail={"failed_at": event.get("at")})
            session.audit.record(AuditAction.RECOVERY_LOGIN if recovery else AuditAction.LOGIN,
                                 detail={"failed_before": failures.count})

    # --- what the layers use -----------------------------------------------
    @property
    def connection(self) -> Any:
        """The one sqlcipher3 connection (autocommit; use `transaction()` to write)."""
        return self.database.connection

    @property
    def database(self) -> Database:
        if self._master_key is None:
            raise Refused(_("The case store is locked. Unlock it again."))
        return self._db

    def transaction(self) -> Any:
        """A write transaction shared with the repositories (BEGIN IMMEDIATE … COMMIT)."""
        return self.database.transaction()

    @property
    def is_open(self) -> bool:
        return self._master_key is not None

    def check(self) -> CheckReport:
        """Every page's HMAC, SQLite's structure check and the audit chain. A part
        that cannot even be read is reported in `errors`, not raised."""
        db = self.database
        report = CheckReport()
        try:
            report.cipher_integrity = [str(r[0]) for r in
                                       db.query("PRAGMA cipher_integrity_check")]
        except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
            report.errors.append(f"cipher_integrity_check: {error}")
        try:
            report.integrity = [str(r[0]) for r in db.query("PRAGMA integrity_check")]
        except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
            report.errors.append(f"integrity_check: {error}")
        try:
            report.audit_broken_row = self.audit.verify()
            report.audit_rows = int(db.query("SELECT count(*) FROM audit_log")[0][0])
        except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
            report.errors.append(f"audit_log: {error}")
        return report

    def rotate_master_key(self, drop_slot: KeySlot | None = None) -> None:
        """Re-encrypt the database under a new master key and re-seal every
        remaining slot; a copy of the old vault no longer opens the database."""
        db = self.database
        old = self._master_key
        assert old is not None
        new_master = new_master_key()
        vault = self.vault.rotated(new_master)
        if drop_slot is not None:
            vault.slots = [s for s in vault.slots if s.id != drop_slot.id]
        # Order for crash safety: the new vault first as 'pending', then the
        # rekey, then promote. An open after a crash tries the pending vault.
        vault.save(self.data_dir.pending_vault_path)
        try:
            db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.rekey(new_master)
            # No frames under the old key may stay behind in the WAL.
            db.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            self.data_dir.pending_vault_path.unlink(missing_ok=True)
            wipe(new_master)
            raise
        vault.save(self.data_dir.vault_path)
        self.data_dir.pending_vault_path.unlink(missing_ok=True)
        self.vault = vault
        self._master_key = new_master
        wipe(old)

    def master_key_copy(self) -> bytearray:
        """For backup: the caller wipes it after use."""
        if self._master_key is None:
            raise Refused(_("The case store is locked. Unlock it again."))
        return bytearray(self._master_key)

    def close(self) -> None:
        """Close the database, wipe the key, release the data directory. Idempotent."""
        if self._master_key is None:
            return
        try:
            self._db.close()
        finally:
            wipe(self._master_key)
            self._master_key = None
            self._lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def remove_data_dir(path: Path) -> None:
    """Delete a data directory (demo resets); refuses folders that are not ours."""
    data_dir = DataDir.of(path)
    if not data_dir.vault_path.exists():
        raise Refused(_("This folder is not a data directory; nothing was deleted."))
    shutil.rmtree(data_dir.path)
