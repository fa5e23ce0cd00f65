"""Users of one installation: add, change passphrase, disable, list, and a new
recovery code.

A user is a row in the database (name, role) plus a key slot in the vault,
recorded in the database (storage/keyring.py). Disabling rotates the master key
first, sealing it only to the other users' and the recovery slot, and marks the
user disabled only once that succeeded, so an interrupted disable can be run
again. Supervisors and administrators also get a personal signing key, sealed
in their own slot (storage/anchors.py).

This module needs only what `UnlockedStore` describes of a session, so it does
not import storage.session (which builds a UserDirectory).
"""

from __future__ import annotations

import builtins
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from screening_app.domain import Role, User
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage import anchors, keyring
from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.cases import timestamp
from screening_app.storage.database import Database
from screening_app.storage.datadir import DataDir
from screening_app.storage.names import MAX_NAME, RESERVED_NAME, check_name
from screening_app.storage.passphrase import MIN_LENGTH as MIN_PASSPHRASE
from screening_app.storage.passphrase import check_passphrase
from screening_app.storage.vault import (
    KeySlot,
    SlotKind,
    Vault,
    new_recovery_code,
    normalise_recovery_code,
    wipe,
)

# Names that lived here before storage/names.py and storage/passphrase.py (old import paths).
__all__ = ["MAX_NAME", "MIN_PASSPHRASE", "RESERVED_NAME", "Departure", "UnlockedStore",
           "UserDirectory", "check_name", "check_passphrase", "replaced_copies"]


class UnlockedStore(Protocol):
    """What user management needs of an unlocked session (storage.session.Session)."""

    user: User
    vault: Vault
    data_dir: DataDir
    audit: AuditLog

    @property
    def database(self) -> Database: ...

    def transaction(self) -> Any: ...

    def master_key_copy(self) -> bytearray: ...

    def signer_state(self) -> dict[str, Any] | None: ...

    def rotate_master_key(self, *, without_user: str | None = None,
                          add: tuple[KeySlot, ...] = ()) -> list[KeySlot]: ...


@dataclass(frozen=True)
class Departure:
    """What `disable` did: stray slots dropped by the rotation, copies kept by
    earlier restores that were removed or are still there."""

    dropped_slots: list[dict[str, Any]] = field(default_factory=list)
    replaced_removed: int = 0
    replaced_kept: int = 0


def replaced_copies(data_dir: DataDir) -> list[Path]:
    """The folders under replaced/ where restores kept the files they replaced."""
    if not data_dir.backups.is_dir():
        return []
    return sorted(p for p in data_dir.backups.iterdir() if p.is_dir())


class UserDirectory:
    def __init__(self, session: UnlockedStore) -> None:
        self._session = session

    def _require_admin(self) -> None:
        if self._session.user.role is not Role.ADMIN:
            raise Refused(_("Only an administrator can manage users."))

    def _related(self, name: str) -> list[str]:
        """Words an attacker tries first for this user's passphrase."""
        session = self._session
        rows = session.database.query("SELECT value FROM meta WHERE key = 'agency_name'")
        return [name, str(rows[0][0]) if rows else ""]

    def _new_slot(self, kind: str, name: str | None, passphrase: str,
                  state: dict[str, Any] | None) -> KeySlot:
        master = self._session.master_key_copy()
        try:
            return self._session.vault.make_slot(kind, name, passphrase, master, state=state)
        finally:
            wipe(master)

    def list(self) -> list[User]:
        rows = self._session.database.query(
            "SELECT name, role, disabled, created_at, language FROM users ORDER BY name")
        return [User(name=r[0], role=Role(r[1]), disabled=bool(r[2]),
                     created_at=datetime.fromisoformat(r[3]), language=r[4]) for r in rows]

    def get(self, name: str) -> User | None:
        return next((u for u in self.list() if u.name == name), None)

    def stray_slots(self) -> builtins.list[dict[str, Any]]:
        """Slots in the vault file that match no active user (see storage/keyring.py)."""
        return [keyring.describe(s)
                for s in keyring.stray_slots(self._session.database, self._session.vault)]

    def _save_slot(self, cur: Any, slot: KeySlot, replaces: KeySlot | None) -> None:
        """Record the slot and write the vault inside the caller's transaction: if the
        vault cannot be written, the transaction rolls back."""
        vault = self._session.vault
        keyring.record_slot(cur, slot)
        old = list(vault.slots)
        if replaces is None:
            vault.slots.append(slot)
        else:
            vault.slots[vault.slots.index(replaces)] = slot
        try:
            vault.save(self._session.data_dir.vault_path)
        except BaseException:
            vault.slots[:] = old
            raise

    def add(self, name: str, role: Role | str, passphrase: str) -> User:
        self._require_admin()
        check_name(name)
        check_passphrase(passphrase, self._related(name))
        role = Role(role)
        session = self._session
        if self.get(name) is not None or session.vault.slots_of(name):
            raise Refused(_("A user with this name exists already (perhaps disabled). "
                            "Choose another name."))
        now = datetime.now(UTC)
        state = anchors.new_signer_state() if role in anchors.SIGNER_ROLES else None
        slot = self._new_slot(SlotKind.USER, name, passphrase, state)
        with session.transaction() as cur:
            cur.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                        (name, role.value, timestamp(now)))
            if state is not None:
                anchors.register_signer(cur, name, state)
            session.audit.record(AuditAction.USER_ADD, detail={"user": name,
                                                               "role": role.value})
            self._save_slot(cur, slot, None)
        return User(name=name, role=role, created_at=now)

    def passwd(self, name: str, new_passphrase: str, *, rotate: bool = False) -> None:
        """Set a new passphrase: an administrator for anyone, a user for themself.
        Rewrites that user's slot; with `rotate`, also rotates the master key so a
        copy of the old vault file opens nothing with the old passphrase."""
        session = self._session
        if session.user.name != name:
            self._require_admin()
        check_passphrase(new_passphrase, self._related(name))
        user = self.get(name)
        recorded = keyring.records(session.database)
        old = next((s for s in session.vault.slots_of(name)
                    if keyring.is_recorded(s, recorded)), None)
        if old is None or user is None or user.disabled:
            raise Refused(_("No such active user."))
        state = None
        if user.role in anchors.SIGNER_ROLES:
            # Your own change keeps your signing key and anchor; a reset by an
            # administrator (who then knows the passphrase) gets a new key.
            own = session.signer_state() if session.user.name == name else None
            state = own if own is not None else anchors.new_signer_state()
        slot = self._new_slot(SlotKind.USER, name, new_passphrase, state)
        with session.transaction() as cur:
            if state is not None:
                anchors.register_signer(cur, name, state)
            session.audit.record(AuditAction.USER_PASSWD, detail={"user": name,
                                                                  "rotate": rotate})
            self._save_slot(cur, slot, old)
        if rotate:
            session.rotate_master_key()

    def new_recovery_code(self) -> str:
        """Replace the recovery slot (administrators): returns the new code, shown
        once. The master key is rotated, so the old code opens no copy made later
        and no longer opens this database."""
        self._require_admin()
        session = self._session
        code = new_recovery_code()
        slot = self._new_slot(SlotKind.RECOVERY, None, normalise_recovery_code(code), None)
        session.rotate_master_key(add=(slot,))
        with session.transaction() as cur:
            keyring.record_slot(cur, slot)
            session.audit.record(AuditAction.RECOVERY_CODE, detail={"slot": slot.id})
        return code

    def disable(self, name: str, *, remove_replaced: bool = False) -> Departure:
        """Rotate the master key without the user's slot (and without any stray
        slot), then mark the user disabled. A failure leaves the user active, so
        the command can simply be run again. With `remove_replaced`, the copies
        earlier restores kept under replaced/ (which the user's old passphrase
        still opens) are deleted."""
        self._require_admin()
        session = self._session
        user = self.get(name)
        if user is None or user.disabled:
            raise Refused(_("No such active user."))
        active_admins = [u for u in self.list() if u.role is Role.ADMIN and not u.disabled]
        if user.role is Role.ADMIN and len(active_admins) <= 1:
            raise Refused(_("This is the last administrator; add another one first."))
        stray = session.rotate_master_key(without_user=name)
        with session.transaction() as cur:
            cur.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,))
            keyring.forget_user(cur, name)
            session.audit.record(AuditAction.USER_DISABLE, detail={
                "user": name, "dropped_slots": len(stray)})
        copies = replaced_copies(session.data_dir)
        removed = 0
        if remove_replaced and copies:
            for folder in copies:
                shutil.rmtree(folder, ignore_errors=True)
            removed = len(copies) - len(replaced_copies(session.data_dir))
            session.audit.record("replaced_removed", detail={"copies": removed})
        return Departure([keyring.describe(s) for s in stray], removed,
                         len(copies) - removed)
