"""Users of one installation: add, change passphrase, disable, list.

A user is a row in the database (name, role) plus a key slot in the vault.
Disabling removes the slot and rotates the master key (see Session.rotate_master_key).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from screening_app.domain import Role, User
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage.audit import AuditAction
from screening_app.storage.cases import timestamp
from screening_app.storage.vault import KeySlot, SlotKind, wipe

if TYPE_CHECKING:
    from screening_app.storage.session import Session

MIN_PASSPHRASE = 8
MAX_NAME = 64
RESERVED_NAME = "recovery"   # the audit log's name for recovery-code sessions


def check_name(name: str) -> None:
    if not name or len(name) > MAX_NAME or name != name.strip() or any(
            unicodedata.category(c)[0] == "C" for c in name):
        raise Refused(_("A user name needs 1 to {n} visible characters, without leading or "
                        "trailing spaces.").format(n=MAX_NAME))
    if name.casefold() == RESERVED_NAME:
        raise Refused(_("This name is reserved for sessions opened with the recovery code; "
                        "choose another."))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise Refused(_("A passphrase needs at least {n} characters; a few words are easier "
                        "to remember than symbols.").format(n=MIN_PASSPHRASE))


class UserDirectory:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _require_admin(self) -> None:
        if self._session.user.role is not Role.ADMIN:
            raise Refused(_("Only an administrator can manage users."))

    def _new_slot(self, name: str, passphrase: str) -> KeySlot:
        master = self._session.master_key_copy()
        try:
            return self._session.vault.make_slot(SlotKind.USER, name, passphrase, master)
        finally:
            wipe(master)

    def list(self) -> list[User]:
        rows = self._session.database.query(
            "SELECT name, role, disabled, created_at, language FROM users ORDER BY name")
        return [User(name=r[0], role=Role(r[1]), disabled=bool(r[2]),
                     created_at=datetime.fromisoformat(r[3]), language=r[4]) for r in rows]

    def get(self, name: str) -> User | None:
        return next((u for u in self.list() if u.name == name), None)

    def add(self, name: str, role: Role | str, passphrase: str) -> User:
        self._require_admin()
        check_name(name)
        check_passphrase(passphrase)
        role = Role(role)
        session = self._session
        if self.get(name) is not None or session.vault.slot_of(name) is not None:
            raise Refused(_("A user with this name exists already (perhaps disabled). "
                            "Choose another name."))
        now = datetime.now(UTC)
        slot = self._new_slot(name, passphrase)
        with session.transaction() as cur:
            cur.execute("INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                        (name, role.value, timestamp(now)))
            session.audit.record(AuditAction.USER_ADD, detail={"user": name,
                                                               "role": role.value})
            # The vault is written inside the transaction: if it fails, no user row.
            session.vault.slots.append(slot)
            try:
                session.vault.save(session.data_dir.vault_path)
            except BaseException:
                session.vault.slots.remove(slot)
                raise
        return User(name=name, role=role, created_at=now)

    def passwd(self, name: str, new_passphrase: str) -> None:
        """Set a new passphrase: an administrator for anyone, a user for themself.
        Rewrites that user's slot only."""
        session = self._session
        if session.user.name != name:
            self._require_admin()
        check_passphrase(new_passphrase)
        old = session.vault.slot_of(name)
        user = self.get(name)
        if old is None or user is None or user.disabled:
            raise Refused(_("No such active user."))
        slot = self._new_slot(name, new_passphrase)
        with session.transaction():
            session.audit.record(AuditAction.USER_PASSWD, detail={"user": name})
            index = session.vault.slots.index(old)
            session.vault.slots[index] = slot
            try:
                session.vault.save(session.data_dir.vault_path)
            except BaseException:
                session.vault.slots[index] = old
                raise

    def disable(self, name: str) -> None:
        """Remove the user's slot and rotate the master key."""
        self._require_admin()
        session = self._session
        user = self.get(name)
        slot = session.vault.slot_of(name)
        if user is None or user.disabled:
            raise Refused(_("No such active user."))
        active_admins = [u for u in self.list() if u.role is Role.ADMIN and not u.disabled]
        if user.role is Role.ADMIN and len(active_admins) <= 1:
            raise Refused(_("This is the last administrator; add another one first."))
        with session.transaction() as cur:
            cur.execute("UPDATE users SET disabled = 1 WHERE name = ?", (name,))
            session.audit.record(AuditAction.USER_DISABLE, detail={"user": name})
        session.rotate_master_key(drop_slot=slot)
        session.audit.record(AuditAction.REKEY, detail={"generation": session.vault.generation})
