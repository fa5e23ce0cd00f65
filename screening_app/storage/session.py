"""An unlocked data directory: unlock (passphrase or recovery code), the
repositories, master-key rotation, check and close. (`init` is storage/setup.py.)"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.domain import Role, User
from screening_app.errors import Refused
from screening_app.i18n import _, ngettext
from screening_app.storage import anchors, keyring, retention
from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.cases import CaseRepository, ensure_search_index
from screening_app.storage.checking import CheckReport, check_store
from screening_app.storage.damage import DatabaseDamaged, damage_problems
from screening_app.storage.database import Database, WrongKey, disk_refusal, is_disk_fault
from screening_app.storage.datadir import DataDir
from screening_app.storage.duplicate_index import ensure_duplicate_index
from screening_app.storage.installation import Device, device_from_meta
from screening_app.storage.instance import InstanceLock
from screening_app.storage.names import RESERVED_NAME
from screening_app.storage.settings import Settings
from screening_app.storage.setup import init_data_dir, remove_data_dir  # noqa: F401 - old path
from screening_app.storage.throttle import FailedUnlocks
from screening_app.storage.users import UserDirectory
from screening_app.storage.vault import (
    KeySlot,
    SlotKind,
    Vault,
    new_master_key,
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


class Session:
    """An unlocked data directory. Close it on idle lock, panic lock and exit."""

    def __init__(self, data_dir: DataDir, vault: Vault, master_key: bytearray, db: Database,
                 user: User, lock: InstanceLock, *, slot: KeySlot | None = None,
                 slot_key: bytearray | None = None) -> None:
        self.data_dir = data_dir
        self.vault = vault
        self._master_key: bytearray | None = master_key
        self._db = db
        self.user = user
        self._lock = lock
        self._slot = slot                  # the slot this session was opened with
        self._slot_key = slot_key          # its Argon2id key: opens its sealed state
        self.warnings: list[str] = []      # translated lines to show after the unlock
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
            candidates = cls._candidate_slots(vault, user, recovery, failures)
            name = RECOVERY_USER if recovery else candidates[0].user
            _refuse_while_waiting(failures, name)
            opened = cls._first_opening(vault, candidates, secret)
            if opened is None:
                failures.add(name)
                if recovery:
                    raise Refused(_("Wrong recovery code. Nothing was changed; check the "
                                    "printed code and try again."))
                raise Refused(_("Wrong passphrase. Nothing was changed; try again."))
            slot, master, slot_key = opened
            if not data_dir.db_path.exists():
                wipe(master)
                wipe(slot_key)
                raise Refused(_("The database file is missing from the data directory. "
                                "Nothing was changed; restore it from a backup."))
            db, vault, master = cls._open_database(data_dir, vault, slot, slot_key, master)
            slot = next(s for s in vault.slots if s.id == slot.id)
            try:
                vault.new_slot_kdf = keyring.slot_kdf(db)
                keyring.adopt(db, vault, slot)
                session_user = cls._session_user(db, slot, recovery)
                cls._refuse_stray(db, slot, session_user)
                session = cls(data_dir, vault, master, db, session_user, lock, slot=slot,
                              slot_key=slot_key)
                cls._record_unlock(session, failures, recovery)
                session._anchor_at_unlock()
                retention.run_due(session)      # referred cases due for erasure
            except sqlcipher.DatabaseError as error:
                db.close()
                refusal = _read_failure(data_dir, master, error)
                wipe(master)
                wipe(slot_key)
                raise refusal from None
            except BaseException:
                db.close()
                wipe(master)
                wipe(slot_key)
                raise
            failures.clear(name)
            return session
        except BaseException:
            lock.release()
            raise

    @staticmethod
    def _candidate_slots(vault: Vault, user: str | None, recovery: bool,
                         failures: FailedUnlocks) -> list[KeySlot]:
        """The slots the secret may open: every one that names the user (a planted
        slot may name a real user, and must not lock the real one out)."""
        if recovery:
            found = vault.recovery_slots()
            if not found:
                raise Refused(_("This data directory has no recovery code."))
            return found
        if user is None:
            names = vault.users()
            if len(names) != 1:
                raise Refused(_("Several users share this data directory: say whose key slot "
                                "to open (--user NAME)."))
            user = names[0]
        found = vault.slots_of(user)
        if not found:
            failures.add(None)   # counts like a wrong passphrase: no free guessing of names
            raise Refused(_("No such user in this data directory. Nothing was changed; check "
                            "the name."))
        return found

    @staticmethod
    def _first_opening(vault: Vault, candidates: list[KeySlot],
                       secret: str) -> tuple[KeySlot, bytearray, bytearray] | None:
        for slot in candidates:
            got = vault.unlock(slot, secret)
            if got is not None:
                return slot, got[0], got[1]
        return None

    @staticmethod
    def _refuse_stray(db: Database, slot: KeySlot, user: User) -> None:
        """A slot this installation did not make (planted in vault.json) holds the
        master key, but the program does not take it for a user."""
        if keyring.is_recorded(slot, keyring.records(db)):
            return
        AuditLog(db, user.name).record("stray_slot_unlock", detail={"slot": slot.id,
                                                                    "kind": slot.kind})
        raise Refused(_("This key slot was not made by this installation (it may have been "
                        "added to the vault file by someone else). Nothing was opened; tell "
                        "your administrator."))

    @classmethod
    def _open_database(cls, data_dir: DataDir, vault: Vault, slot: KeySlot,
                       slot_key: bytearray,
                       master: bytearray) -> tuple[Database, Vault, bytearray]:
        try:
            try:
                db = Database(data_dir.db_path, master)
            except WrongKey:
                # A rekey may have finished without the new vault being promoted.
                promoted = cls._promote_pending_vault(data_dir, slot, slot_key)
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
                               slot_key: bytearray) -> tuple[Vault, bytearray, Database] | None:
        if not data_dir.pending_vault_path.exists():
            return None
        pending = Vault.load(data_dir.pending_vault_path)
        twin = next((s for s in pending.slots if s.id == slot.id), None)
        if twin is None:
            return None
        # Same slot header, salt and cost: the Argon2id key already derived opens it.
        master = pending.open_with_key(twin, slot_key)
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

    # --- signed audit checkpoints (storage/anchors.py) ------------------------
    def signer_state(self) -> dict[str, Any] | None:
        """This supervisor's or administrator's sealed signing key and anchor."""
        if (self._slot is None or self._slot_key is None or self._slot.kind != SlotKind.USER
                or self.user.role not in anchors.SIGNER_ROLES):
            return None
        return self.vault.open_state(self._slot, self._slot_key)

    def _seal_signer_state(self, state: dict[str, Any]) -> None:
        assert self._slot is not None and self._slot_key is not None
        self.vault.seal_state(self._slot, self._slot_key, state)
        try:
            self.vault.save(self.data_dir.vault_path)
        except OSError:
            pass    # the anchor stays at the previous checkpoint, which still holds

    def _anchor_at_unlock(self) -> None:
        if (self._slot is None or self._slot.kind != SlotKind.USER
                or self.user.role not in anchors.SIGNER_ROLES):
            return
        state = self.signer_state()
        if state is None:     # a slot made before signing keys: give it one now
            state = anchors.new_signer_state()
            with self._db.transaction() as cur:
                anchors.register_signer(cur, self.user.name, state)
            self._seal_signer_state(state)
        self.sign_checkpoint("unlock", state)

    def sign_checkpoint(self, reason: str, state: dict[str, Any] | None = None) -> bool:
        """Sign the audit chain's head with this user's personal key (supervisors and
        administrators; at unlock and on backup). Refuses to sign, and warns, when
        the history this user anchored before has changed."""
        state = state if state is not None else self.signer_state()
        if state is None:
            return False
        if not anchors.anchor_holds(self._db, state):
            message = _("The audit history changed since you last signed it: rows you saw "
                        "were altered or removed. Run 'screening-app check' and report this.")
            if message not in self.warnings:
                self.warnings.append(message)
                self.audit.record("audit_anchor_broken",
                                  detail={"anchored_rows": int(state["anchor"]["rows"])})
            return False
        signed = anchors.sign_checkpoint(self._db, self.vault.vault_id, self.user.name, state,
                                         reason)
        self._seal_signer_state(state)
        return signed

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
        """Every page's HMAC, SQLite's structure check, the audit chain and its signed
        checkpoints, and stray slots in the vault (storage/checking.py)."""
        return check_store(self.database, self.vault, self.audit, self.signer_state())

    def rotate_master_key(self, *, without_user: str | None = None,
                          add: tuple[KeySlot, ...] = ()) -> list[KeySlot]:
        """Re-encrypt the database under a new master key, sealed only to the
        recorded slots of active users (less `without_user`, plus the slots in `add`,
        each replacing the same user's or the recovery slot) and the recorded
        recovery slot. Returns the stray slots that were dropped. A copy of the old
        vault no longer opens the database."""
        db = self.database
        old = self._master_key
        assert old is not None
        keep, stray = keyring.plan_rotation(db, self.vault, without_user=without_user, add=add)
        new_master = new_master_key()
        vault = self.vault.rotated(new_master, keep)
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
        if self._slot is not None:
            self._slot = next((s for s in vault.slots if s.id == self._slot.id), None)
        self.audit.record(AuditAction.REKEY, detail={"generation": vault.generation,
                                                     "dropped_slots": len(stray)})
        return stray

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
            wipe(self._slot_key)
            self._master_key = None
            self._slot_key = None
            self._lock.release()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

