"""One program per data directory: an OS lock on a file, not just its existence,
so a crashed program leaves no stale lock behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from screening_app.errors import Refused
from screening_app.i18n import _


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), "r+b")
        except PermissionError:
            raise Refused(_("The data directory is read-only. Nothing was changed; move it "
                            "to a writable disk or fix its permissions.")) from None
        except OSError:
            raise Refused(_("The data directory cannot be used (lock file). Nothing was "
                            "changed; check that the disk is writable and not full.")) from None
        try:
            _lock(handle)
        except OSError:
            handle.close()
            raise Refused(_("This data directory is already open in another window or "
                            "program. Close it there first; nothing was changed.")) from None
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
