"""The data directory: where the vault, the encrypted database, the outbox and
inbox and the logs of one installation live."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "screening-app"


def default_data_dir() -> Path:
    """The per-user data directory of the operating system."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class DataDir:
    """Names of the files in one data directory (nothing here touches the disk)."""

    path: Path

    @classmethod
    def of(cls, where: DataDir | Path | str | None) -> DataDir:
        if isinstance(where, DataDir):
            return where
        return cls(Path(where) if where is not None else default_data_dir())

    @property
    def vault_path(self) -> Path:
        return self.path / "vault.json"

    @property
    def pending_vault_path(self) -> Path:
        """A vault written before a rekey and promoted after it (crash safety)."""
        return self.path / "vault.json.next"

    @property
    def db_path(self) -> Path:
        return self.path / "cases.db"

    @property
    def lock_path(self) -> Path:
        return self.path / "instance.lock"

    @property
    def failures_path(self) -> Path:
        """Counts of failed unlocks; no secret, survives a restart."""
        return self.path / "unlock-failures.json"

    @property
    def outbox(self) -> Path:
        return self.path / "outbox"

    @property
    def inbox(self) -> Path:
        return self.path / "inbox"

    @property
    def logs(self) -> Path:
        return self.path / "logs"

    @property
    def backups(self) -> Path:
        """Where a restore keeps the files it replaced."""
        return self.path / "replaced"

    def exists(self) -> bool:
        return self.vault_path.exists()

    def create_folders(self) -> None:
        for folder in (self.path, self.outbox, self.inbox, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            if os.name == "posix":
                folder.chmod(0o700)


def write_atomically(path: Path, data: bytes,
                     before_replace: Callable[[], object] | None = None) -> None:
    """Write a temp file, fsync it, rename it over `path`, fsync the folder: a
    crash leaves either the old or the new file, never half of one.

    The file and its temporary twin are created owner-only (0600; on Windows the
    user-only access list the profile folders give) with O_EXCL under a fresh
    random name, so nothing another user planted there (a file, a symbolic link)
    is opened, followed or made readable. `before_replace` runs after the data is
    on disk and before the file appears (e.g. to audit a print): if it raises,
    nothing appears."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
