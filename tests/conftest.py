"""Shared fixtures. Qt runs offscreen; screenshots and rendered pages go to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests save screenshots and rendered PDFs for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- storage fixtures: real encrypted data directories in tmp_path -----------------

PASSPHRASES = {
    "admin": "admin passphrase",
    "officer": "officer passphrase",
    "supervisor": "supervisor passphrase",
}


class MadeDataDir:
    """A data directory made for a test: its path, recovery code and passphrases."""

    def __init__(self, path: Path, recovery_code: str, passphrases: dict[str, str]) -> None:
        self.path = path
        self.recovery_code = recovery_code
        self.passphrases = passphrases

    def open(self, user: str = "officer"):  # type: ignore[no-untyped-def]
        from screening_app.storage import Session

        return Session.open(self.path, user, self.passphrases[user])


@pytest.fixture
def cheap_kdf():  # type: ignore[no-untyped-def]
    """Argon2id parameters that cost a millisecond: for tests only, never production."""
    from screening_app.storage import KdfParams

    return KdfParams(memory_kib=64, iterations=1, lanes=1)


@pytest.fixture
def data_dir_factory(tmp_path: Path, cheap_kdf):  # type: ignore[no-untyped-def]
    """make(name="data", users=True, **init_kwargs) -> MadeDataDir with an admin, and
    (users=True) an officer and a supervisor; passphrases in PASSPHRASES."""
    from screening_app.storage import Session, init_data_dir

    def make(name: str = "data", users: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        path = tmp_path / name
        kwargs.setdefault("country", "KH")
        code = init_data_dir(path, admin="admin", passphrase=PASSPHRASES["admin"],
                             kdf=cheap_kdf, **kwargs)
        if users:
            with Session.open(path, "admin", PASSPHRASES["admin"]) as admin:
                admin.users.add("officer", "officer", PASSPHRASES["officer"])
                admin.users.add("supervisor", "supervisor", PASSPHRASES["supervisor"])
        return MadeDataDir(path, code, dict(PASSPHRASES))

    return make


@pytest.fixture
def session(data_dir_factory):  # type: ignore[no-untyped-def]
    """An open Session of the user "officer" on a fresh data directory."""
    made = data_dir_factory()
    opened = made.open("officer")
    yield opened
    opened.close()
