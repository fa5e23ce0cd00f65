"""Disks that fail on purpose: a file-size limit (works everywhere on POSIX), a
tiny tmpfs that really fills up, and a read-only view of a folder (bind mount).
Mounting needs root with CAP_SYS_ADMIN; without it those tests are skipped and
the file-size limit still runs."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def limited_python(code: str, limit_bytes: int, env: dict[str, str] | None = None,
                   timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new Python whose files cannot grow past `limit_bytes`
    (RLIMIT_FSIZE, SIGXFSZ ignored, so writes fail with EFBIG as on a full disk)."""

    try:
        import resource
    except ImportError:
        pytest.skip("needs RLIMIT_FSIZE (POSIX)")

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=timeout, preexec_fn=limit)


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def tiny_disk(path: Path, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of `size` at `path`, or skip the test when mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or not _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                                        str(path)):
        pytest.skip("cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)")
    try:
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def read_only_view(source: Path, view: Path) -> Iterator[Path]:
    """`source` seen read-only at `view` (bind mount remounted ro). Root ignores
    file permissions, so chmod cannot make a read-only disk for root."""
    view.mkdir(parents=True, exist_ok=True)
    if not _mount("--bind", str(source), str(view)):
        pytest.skip("cannot bind-mount here (needs root / CAP_SYS_ADMIN)")
    try:
        if not _mount("-o", "remount,bind,ro", str(view)):
            pytest.skip("cannot remount read-only here")
        probe = view / ".probe"
        with contextlib.suppress(OSError):
            probe.write_bytes(b"")
            pytest.skip("the read-only view is writable")
        yield view
    finally:
        _umount(view)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk with one file until only about `leave` bytes are free."""
    filler = disk / "filler.bin"
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    with open(filler, "wb") as handle:
        with contextlib.suppress(OSError):
            handle.write(b"\0" * max(0, free - leave))
    return filler


def leftovers(folder: Path, before: set[str]) -> set[str]:
    """Files in `folder` (recursively) that were not there before, except the
    database's own WAL and shared-memory files."""
    now = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    return {name for name in now - before if not name.endswith(("-wal", "-shm"))}


def files_of(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
