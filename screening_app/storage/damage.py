"""A database file that cannot be read with its vault's key is damage (a flipped bit
on a failing disk), or, rarely, the database of another vault file. Both are
refused with one message that says so and points to `check` and `restore`; `check`
then shows which pages fail (no content, only page numbers)."""

from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.errors import Refused
from screening_app.i18n import _

MAX_PROBLEMS = 20


class DatabaseDamaged(Refused):
    """The database cannot be read; `problems` lists what `check` found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(_(
            "The database file is damaged (or it is not the database of this vault file) "
            "and cannot be read. Nothing was changed. Run 'screening-app check' to see the "
            "damage, then restore the latest backup with 'screening-app restore FILE'."))
        self.problems = problems


def damage_problems(path: Path, master_key: bytearray) -> list[str]:
    """What SQLCipher's page check and SQLite's structure check say about the file
    (page numbers and structure errors only: never content)."""
    problems: list[str] = []
    try:
        conn = sqlcipher.connect(str(path), isolation_level=None)
    except sqlcipher.Error as error:
        return [f"open: {error}"]
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{bytes(master_key).hex()}'\"")
        conn.execute("PRAGMA query_only = ON")
        for statement in ("PRAGMA cipher_integrity_check", "PRAGMA integrity_check"):
            try:
                rows = [str(r[0]) for r in conn.execute(statement).fetchall()]
            except sqlcipher.DatabaseError as error:
                rows = [f"{statement.split()[1]}: {error}"]
            problems.extend(r for r in rows if r != "ok")
    finally:
        conn.close()
    return problems[:MAX_PROBLEMS] or [_("page 1 cannot be read with this vault's key")]
