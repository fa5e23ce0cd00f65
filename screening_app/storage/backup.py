"""Encrypted backups: one zip file holding a manifest, the vault file and a
snapshot of the database (still encrypted with the same master key).

The snapshot is taken with SQLite's backup API into a target opened with the
same raw key, so the backup is a consistent copy and never plaintext, not even
in a temp file. The manifest carries the backup's identity (installation, agency,
time, case count, last change, audit head), sealed with a key of the installation
(storage/backup_identity.py). Restoring is storage/restore.py: it verifies all of
this before it replaces anything and keeps the replaced files in `replaced/<time>/`.
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
from screening_app.storage.backup_identity import InstallationFacts, facts_of, seal
from screening_app.storage.database import Database, disk_refusal
from screening_app.storage.datadir import DataDir, fsync_folder
from screening_app.storage.session import Session
from screening_app.storage.vault import wipe

FORMAT_NAME = "screening-app-backup"
FORMAT_VERSION = 2          # 2: the identity is sealed (backup_identity.py)
_MEMBERS = ("manifest.json", "vault.json", "cases.db")


@dataclass(frozen=True)
class BackupInfo:
    created_at: str
    last_change: str | None
    vault_id: str
    key_generation: int
    identity: dict[str, Any] | None = None     # format 2: sealed by `identity_mac`
    identity_mac: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> BackupInfo:
        if d.get("format") != FORMAT_NAME or d.get("version") not in (1, FORMAT_VERSION):
            raise ValueError("not a backup")
        if d["version"] == 1:       # no identity: restore reads every fact from the backup
            return cls(str(d["created_at"]), d.get("last_change"), str(d["vault_id"]),
                       int(d["key_generation"]))
        identity = d["identity"]
        facts = InstallationFacts.from_dict(identity["installation"])
        return cls(str(identity["created_at"]), facts.last_change, facts.installation_id,
                   facts.key_generation, dict(identity), d.get("identity_mac"))


def damaged_backup() -> Refused:
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
            facts = facts_of(target, session.vault.generation)
        finally:
            target.close()
        session.audit.record(AuditAction.BACKUP)
        created = datetime.now(UTC).isoformat()
        identity: dict[str, Any] = {"created_at": created, "installation": facts.to_dict()}
        master = session.master_key_copy()
        try:
            mac = seal(identity, master)
        finally:
            wipe(master)
        info = BackupInfo(created, facts.last_change, facts.installation_id,
                          facts.key_generation, identity, mac)
        manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                    "app_version": __version__, "identity": identity, "identity_mac": mac}
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
                raise damaged_backup()
            return BackupInfo.from_dict(json.loads(archive.read("manifest.json")))
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, TypeError):
        raise damaged_backup() from None


def swap_in(data_dir: DataDir, staging: DataDir) -> None:
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

