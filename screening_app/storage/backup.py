"""Encrypted backups: one zip file holding a manifest, the vault file and a
snapshot of the database (still encrypted with the same master key).

The snapshot is taken with SQLite's backup API into a target opened with the
same raw key, so the backup is a consistent copy and never plaintext, not even
in a temp file. `restore` opens and checks the backup with the user's
passphrase before it replaces anything, keeps the replaced files in
`replaced/<time>/`, and refuses to replace a database with newer changes unless
forced.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app import __version__
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage.audit import AuditAction
from screening_app.storage.database import Database, disk_refusal
from screening_app.storage.datadir import DataDir, fsync_folder
from screening_app.storage.instance import InstanceLock
from screening_app.storage.session import Session
from screening_app.storage.vault import wipe

FORMAT_NAME = "screening-app-backup"
FORMAT_VERSION = 1
_MEMBERS = ("manifest.json", "vault.json", "cases.db")


@dataclass(frozen=True)
class BackupInfo:
    created_at: str
    last_change: str | None
    vault_id: str
    key_generation: int

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BackupInfo:
        if d.get("format") != FORMAT_NAME or d.get("version") != FORMAT_VERSION:
            raise ValueError("not a backup")
        return cls(str(d["created_at"]), d.get("last_change"), str(d["vault_id"]),
                   int(d["key_generation"]))


class NewerDatabase(Refused):
    """The database in place has changes newer than the backup (ask, or --force)."""


def _damaged() -> Refused:
    return Refused(_("This file is not a readable backup of this program (or it is "
                     "damaged). Nothing was changed."))


def write_backup(session: Session, out: Path) -> BackupInfo:
    """Write an encrypted backup of the open session's data directory to `out`."""
    data_dir = session.data_dir
    # A supervisor's or administrator's backup carries a checkpoint they signed
    # (storage/anchors.py); other users' backups carry the latest one signed.
    session.sign_checkpoint("backup")
    work = data_dir.path / f"backup-{uuid.uuid4().hex}.tmp"
    work.mkdir(mode=0o700)
    try:
        snapshot = work / "cases.db"
        master = session.master_key_copy()
        try:
            target = Database(snapshot, master)
        finally:
            wipe(master)
        try:
            target.connection.execute("PRAGMA journal_mode = DELETE")
            session.database.backup_to(target)
        finally:
            target.close()
        session.audit.record(AuditAction.BACKUP)
        info = BackupInfo(created_at=datetime.now(UTC).isoformat(),
                          last_change=session.audit.last_change(),
                          vault_id=session.vault.vault_id,
                          key_generation=session.vault.generation)
        manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                    "app_version": __version__, **info.__dict__}
        partial = out.with_name(out.name + ".partial")
        try:
            # owner-only, like the data directory: the backup opens with the same
            # passphrases and is as sensitive
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
                    archive.writestr("manifest.json", json.dumps(manifest, indent=1))
                    archive.writestr("vault.json", session.vault.to_json())
                    archive.write(snapshot, "cases.db")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, out)
        except BaseException:
            # a full disk: no half-written backup may stay behind (a removed
            # disk cannot be cleaned, and must not hide the first error)
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise
        fsync_folder(out.parent)
        return info
    except (OSError, sqlcipher.Error) as error:
        raise disk_refusal(error) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def read_backup_info(path: Path) -> BackupInfo:
    try:
        with zipfile.ZipFile(path) as archive:
            if sorted(archive.namelist()) != sorted(_MEMBERS):
                raise _damaged()
            return BackupInfo.from_dict(json.loads(archive.read("manifest.json")))
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, TypeError):
        raise _damaged() from None


def _current_last_change(data_dir: DataDir, user: str | None, secret: str,
                         recovery: bool) -> str | None:
    """When the database here last changed: from its audit log if these
    credentials open it, else from the files' modification times."""
    if not data_dir.db_path.exists():
        return None
    try:
        opened = (Session.open_with_recovery_code(data_dir, secret) if recovery
                  else Session.open(data_dir, user, secret))
    except Refused:
        stamps = [p.stat().st_mtime for p in data_dir.path.glob("cases.db*")]
        return datetime.fromtimestamp(max(stamps), UTC).isoformat()
    with opened:
        return opened.audit.last_change()


def restore_backup(data_dir_like: DataDir | Path | str, backup: Path, user: str | None,
                   secret: str, *, recovery: bool = False, force: bool = False) -> BackupInfo:
    """Verify the backup with the given credentials, then put it in place."""
    data_dir = DataDir.of(data_dir_like)
    info = read_backup_info(backup)
    data_dir.create_folders()
    staging = DataDir(data_dir.path / f"restore-{uuid.uuid4().hex}.tmp")
    staging.path.mkdir(mode=0o700)
    try:
        with zipfile.ZipFile(backup) as archive:
            for name in ("vault.json", "cases.db"):
                fd = os.open(staging.path / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(archive.read(name))
        opened = (Session.open_with_recovery_code(staging, secret) if recovery
                  else Session.open(staging, user, secret))
        with opened:
            report = opened.check()
            if not report.ok:
                raise Refused(_("The backup does not pass its integrity check. Nothing was "
                                "changed."))
            opened.audit.record(AuditAction.RESTORE, detail={"backup_created": info.created_at})
        current = _current_last_change(data_dir, user, secret, recovery)
        if current is not None and not force and (info.last_change or "") < current:
            raise NewerDatabase(_("The database here has changes newer than the backup. "
                                  "Nothing was changed; restore with --force to replace "
                                  "it anyway."))
        lock = InstanceLock(data_dir.lock_path)
        lock.acquire()
        try:
            _swap_in(data_dir, staging)
        finally:
            lock.release()
        return info
    except (OSError, zipfile.BadZipFile) as error:
        if isinstance(error, zipfile.BadZipFile):
            raise _damaged() from None
        raise disk_refusal(error) from None
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)


def _swap_in(data_dir: DataDir, staging: DataDir) -> None:
    """Keep the replaced files (encrypted) and move the restored ones in place."""
    kept = data_dir.backups / datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    olds = [data_dir.vault_path, *sorted(data_dir.path.glob("cases.db*"))]
    olds = [p for p in olds if p.exists()]
    if olds:
        data_dir.backups.mkdir(mode=0o700, exist_ok=True)
        kept.mkdir(mode=0o700)
        for path in olds:
            os.replace(path, kept / path.name)
    for path in (staging.db_path, staging.vault_path):
        os.replace(path, data_dir.path / path.name)
    for stray in staging.path.glob("cases.db-*"):
        stray.unlink()
    fsync_folder(data_dir.path)
