"""Restore a backup, as an agency's IT officer would expect it:

1. Administrators only: an administrator of the installation here (or, when the
   database here cannot be read or nothing is here, of the backup).
2. Before anything is touched, the whole backup is opened and checked (page
   HMACs, structure, audit chain) and its sealed identity (storage/
   backup_identity.py) must match what its own database says.
3. The backup is compared with what is here (`RestorePlan`):
   * another installation's backup is refused unless `replace_installation`;
   * a backup whose audit chain ends before the one here would set aside the
     cases and changes made since: refused unless `force` or `ask(plan)` says yes;
   * a database here that cannot be read: the same;
   * a backup that holds everything here (or more): restored at once.
4. The restore is audited in the restored database (who, which backup, what was
   set aside, whether another installation was replaced); the replaced files are
   kept, encrypted, in `replaced/<time>/`.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening_app.domain import Role
from screening_app.domain.validation import Invalid, check_installation
from screening_app.errors import InvalidValue, Refused
from screening_app.i18n import _, ngettext
from screening_app.storage.audit import AuditAction
from screening_app.storage.backup import damaged_backup, read_backup_info, swap_in
from screening_app.storage.backup_identity import (
    InstallationFacts,
    changes_after,
    common_rows,
    facts_of,
    verify,
)
from screening_app.storage.created import MadeHere
from screening_app.storage.damage import DatabaseDamaged
from screening_app.storage.database import disk_refusal
from screening_app.storage.datadir import DataDir
from screening_app.storage.instance import InstanceLock
from screening_app.storage.session import Session
from screening_app.storage.vault import Vault, wipe
from screening_app.vocabulary import installed


@dataclass
class Credentials:
    user: str | None
    secret: str
    recovery: bool = False

    def open(self, where: DataDir) -> Session:
        if self.recovery:
            return Session.open_with_recovery_code(where, self.secret)
        return Session.open(where, self.user, self.secret)


@dataclass
class RestorePlan:
    """The backup against what is here; no personal data."""

    backup: InstallationFacts
    backup_created: str
    here: InstallationFacts | None          # None: nothing here, or it cannot be read
    here_unreadable: bool = False
    here_installation: str | None = None    # the vault id here (also when unreadable)
    relation: str = "new-place"             # new-place | same | older | foreign | unreadable
    cases_set_aside: int = 0
    changes_set_aside: int = 0
    restorer: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def foreign(self) -> bool:
        return self.here_installation not in (None, self.backup.installation_id)

    @property
    def predates_key_change(self) -> bool:
        """Made before the master key last changed (a user was disabled since)."""
        return self.here is not None and self.backup.key_generation < self.here.key_generation

    def audit_detail(self) -> dict[str, Any]:
        return {"backup_created": self.backup_created,
                "installation": self.backup.installation_id,
                "replaced_installation": self.here_installation,
                "replaced_cases": None if self.here is None else self.here.cases,
                "foreign": self.foreign, "older": self.relation == "older",
                "unreadable_here": self.here_unreadable,
                "cases_set_aside": self.cases_set_aside,
                "changes_set_aside": self.changes_set_aside, "by": self.restorer}


class NeedsAdministrator(Refused):
    def __init__(self, role: str) -> None:
        super().__init__(_("Only an administrator can restore a backup; these credentials are "
                           "of a user with the role {role}. Nothing was changed.").format(
                               role=role))


class ForeignInstallation(Refused):
    """The backup is of another installation (needs replace_installation)."""

    def __init__(self, plan: RestorePlan) -> None:
        super().__init__(_(
            "This backup is of another installation: {backup_agency} ({backup_cases}, made "
            "{created}); the installation here is {here_agency} ({here_cases}). Nothing was "
            "changed. To replace this whole installation with the backup, restore again with "
            "--replace-installation.").format(
                backup_agency=plan.backup.agency or "-", backup_cases=cases(plan.backup.cases),
                created=plan.backup_created[:16], here_agency=_here_agency(plan),
                here_cases="-" if plan.here is None else cases(plan.here.cases)))
        self.plan = plan


class NewerDatabase(Refused):
    """Restoring would set aside what is here (ask, or force)."""

    def __init__(self, plan: RestorePlan) -> None:
        super().__init__(set_aside_text(plan) + " " + _(
            "Nothing was changed; restore with --force to go ahead."))
        self.plan = plan


def cases(n: int) -> str:
    return ngettext("{n} case", "{n} cases", n).format(n=n)


def _here_agency(plan: RestorePlan) -> str:
    return (plan.here.agency if plan.here is not None else None) or "-"


def set_aside_text(plan: RestorePlan) -> str:
    """What the restore would set aside, in one or two sentences."""
    if plan.relation == "unreadable":
        text = _("The database here cannot be read (it is damaged); restoring the backup sets "
                 "it aside (kept, encrypted, in replaced/).")
    else:
        text = _("This backup is older than the database here: {cases} and {changes} made "
                 "since it was taken would be set aside (kept, encrypted, in replaced/).").format(
                     cases=cases(plan.cases_set_aside),
                     changes=ngettext("{n} change", "{n} changes",
                                      plan.changes_set_aside).format(n=plan.changes_set_aside))
    if plan.predates_key_change:
        text += " " + _("It was made before the database key last changed (a user was "
                        "disabled since): users disabled since then could unlock it again.")
    return text


def describe_plan(plan: RestorePlan) -> list[str]:
    """The backup against what is here, one line each (for the CLI and the GUI)."""
    def line(label: str, facts: InstallationFacts, made: str | None) -> str:
        return _("{label}: {agency}, installation {installation}, {cases}, last change "
                 "{last}{made}").format(
                     label=label, agency=facts.agency or "-",
                     installation=facts.installation_id[:8], cases=cases(facts.cases),
                     last=(facts.last_change or "-")[:16],
                     made="" if made is None else ", " + _("made {time}").format(
                         time=made[:16]))
    lines = [line(_("Backup"), plan.backup, plan.backup_created)]
    if plan.here is not None:
        lines.append(line(_("Here"), plan.here, None))
    elif plan.here_unreadable:
        lines.append(_("Here: a database that cannot be read."))
    return lines


Ask = Callable[[RestorePlan], bool]


def inspect_restore(data_dir_like: DataDir | Path | str, backup: Path, user: str | None,
                    secret: str, *, recovery: bool = False,
                    backup_credentials: Credentials | None = None) -> RestorePlan:
    """The plan of a restore, verified, without replacing anything."""
    return restore_backup(data_dir_like, backup, user, secret, recovery=recovery,
                          backup_credentials=backup_credentials, dry_run=True)


def restore_backup(data_dir_like: DataDir | Path | str, backup: Path, user: str | None,
                   secret: str, *, recovery: bool = False, force: bool = False,
                   replace_installation: bool = False,
                   backup_credentials: Credentials | None = None,
                   show: Callable[[RestorePlan], None] | None = None,
                   ask: Ask | None = None, dry_run: bool = False) -> RestorePlan:
    """Verify the backup, compare it with what is here, then (unless refused or
    `dry_run`) put it in place. `user`/`secret` are the credentials here; the
    backup opens with `backup_credentials` (default: the same). `ask(plan)` is
    asked before another installation or newer changes here are replaced (when
    the flags do not already say so); `show(plan)` is told what is restored."""
    data_dir = DataDir.of(data_dir_like)
    here_credentials = Credentials(user, secret, recovery)
    made = MadeHere(data_dir.path, data_dir.outbox, data_dir.inbox, data_dir.logs,
                    data_dir.lock_path)
    info = read_backup_info(backup)
    staging = DataDir(data_dir.path / f"restore-{uuid.uuid4().hex}.tmp")
    done = False
    try:
        with _Here(data_dir, here_credentials) as here:
            if here.role is not None and here.role is not Role.ADMIN:
                raise NeedsAdministrator(here.role.value)
            data_dir.create_folders()
            staging.path.mkdir(mode=0o700)
            _extract(backup, staging)
            started = _now()
            with (backup_credentials or here_credentials).open(staging) as opened:
                if here.role is None and opened.user.role is not Role.ADMIN:
                    raise NeedsAdministrator(opened.user.role.value)
                plan = _plan(opened, info, started, here)
                plan.restorer = here.name or opened.user.name
                if dry_run:
                    return plan
                _decide(plan, force, replace_installation, ask)
                if show is not None:
                    show(plan)
                opened.audit.record(AuditAction.RESTORE, detail=plan.audit_detail())
        lock = InstanceLock(data_dir.lock_path)
        lock.acquire()
        try:
            swap_in(data_dir, staging)
            done = True
        finally:
            lock.release()
        return plan
    except (OSError, zipfile.BadZipFile) as error:
        if isinstance(error, zipfile.BadZipFile):
            raise damaged_backup() from None
        raise disk_refusal(error) from None
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)
        if not done:             # refused, failed or a dry run: remove what we made
            made.remove()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class _Here:
    """The installation here, open (when there is one and it can be read) while the
    backup is compared with it. `role` None: the backup's credentials decide."""

    def __init__(self, data_dir: DataDir, credentials: Credentials) -> None:
        self.data_dir = data_dir
        self.credentials = credentials
        self.session: Session | None = None
        self.facts: InstallationFacts | None = None
        self.role: Role | None = None
        self.name: str | None = None
        self.installation: str | None = None
        self.unreadable = False

    def __enter__(self) -> _Here:
        if not self.data_dir.vault_path.exists():
            self.unreadable = self.data_dir.db_path.exists()
            return self
        started = _now()
        try:
            self.session = self.credentials.open(self.data_dir)
        except DatabaseDamaged:       # the passphrase was right; the database is not
            self.unreadable = True
            self.installation = Vault.load(self.data_dir.vault_path).vault_id
            return self
        try:
            self.facts = facts_of(self.session.database, self.session.vault.generation,
                                  before=started)
        except BaseException:
            self.session.close()
            raise
        self.role, self.name = self.session.user.role, self.session.user.name
        self.installation = self.facts.installation_id
        return self

    def __exit__(self, *exc: object) -> None:
        if self.session is not None:
            self.session.close()


def _extract(backup: Path, staging: DataDir) -> None:
    with zipfile.ZipFile(backup) as archive:
        for name in ("vault.json", "cases.db"):
            fd = os.open(staging.path / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(archive.read(name))


def _plan(opened: Session, info: Any, started: str, here: _Here) -> RestorePlan:
    if not opened.check().ok:
        raise Refused(_("The backup does not pass its integrity check. Nothing was changed."))
    facts = facts_of(opened.database, opened.vault.generation, before=started)
    try:                 # what restore shows of the backup goes through the layer too
        check_installation(installed(), agency_name=facts.agency, country=facts.country)
    except Invalid as invalid:
        raise InvalidValue(invalid.problem, _("Nothing was changed.")) from None
    if info.identity is not None:
        key = opened.master_key_copy()
        try:
            genuine = verify(info.identity, info.identity_mac, key)
        finally:
            wipe(key)
        if not genuine or InstallationFacts.from_dict(info.identity["installation"]) != facts:
            raise Refused(_("The backup's identity does not match its contents: the file was "
                            "altered. Nothing was changed."))
    plan = RestorePlan(facts, info.created_at, here.facts, here.unreadable, here.installation)
    if here.unreadable:
        plan.relation = "unreadable"
    elif here.facts is None or here.session is None:
        plan.relation = "new-place"
    elif plan.foreign:
        plan.relation = "foreign"
    else:
        ours, theirs = here.session.database, opened.database
        shared = common_rows(ours, theirs, here.facts.audit_rows, facts.audit_rows)
        plan.cases_set_aside, plan.changes_set_aside = changes_after(
            ours, shared, here.facts.audit_rows)
        plan.relation = "older" if plan.changes_set_aside else "same"
    return plan


def confirmation_word(plan: RestorePlan) -> str:
    """What an administrator types to replace another installation: the name of
    the agency whose data is set aside."""
    return _here_agency(plan) if _here_agency(plan) != "-" else (plan.backup.agency or "-")


def _decide(plan: RestorePlan, force: bool, replace_installation: bool, ask: Ask | None) -> None:
    if plan.foreign and not replace_installation:
        raise ForeignInstallation(plan)
    if plan.foreign and ask is not None and not ask(plan):
        raise Refused(_("The agency name was not typed as shown; the installation here was "
                        "not replaced. Nothing was changed."))
    needs_question = plan.relation == "unreadable" or (
        plan.relation == "older" and plan.changes_set_aside > 0)
    if needs_question and not force and not (ask is not None and ask(plan)):
        raise NewerDatabase(plan)
