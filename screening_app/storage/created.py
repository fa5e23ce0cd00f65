"""What a command made on disk, so that after a failure it removes exactly that:
never a folder or file that was there before (`init` into an existing folder)."""

from __future__ import annotations

import contextlib
from pathlib import Path


class MadeHere:
    """Remembers which of `paths` (and their missing parents) do not exist yet."""

    def __init__(self, *paths: Path) -> None:
        self._new: list[Path] = []
        for path in paths:
            for candidate in (path, *path.parents):
                if candidate.exists() or candidate in self._new:
                    break
                self._new.append(candidate)

    def remove(self) -> None:
        """Remove what was made since: files, then folders deepest first, and only
        folders left empty (a folder someone filled meanwhile stays)."""
        for path in sorted(self._new, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink(missing_ok=True)
