"""The one long-lived SQLCipher connection: raw key, WAL, foreign keys, a cache,
numbered migrations per component.

Every other layer uses `Session.connection` (this module's `Database.connection`)
rather than opening the file itself: one place opens the database.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage import schema
from screening_app.storage.damage import DatabaseDamaged

CACHE_KIB = 32 * 1024      # cold reads on encrypted pages cost ×2.6: keep them in memory


class WrongKey(Exception):
    """The master key does not open this database file (internal; callers refuse)."""


def _key_pragma(verb: str, key: bytearray) -> str:
    # PRAGMA key takes no bound parameters: the literal is hex digits only, so it
    # cannot break the quoting. Never log this string.
    return f"PRAGMA {verb} = \"x'{bytes(key).hex()}'\""


def disk_refusal(error: BaseException) -> Refused:
    """A translated refusal for the disk faults a user can meet."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "permission" in text:
        return Refused(_("The data directory is read-only. Nothing was changed; move it to "
                         "a writable disk or fix its permissions."))
    if "full" in text or "no space" in text:
        return Refused(_("The disk is full. The last change was not saved; free some space "
                         "and try again."))
    return Refused(_("The database could not be read or written: the disk may be full or "
                     "failing. The last change was not saved; free some space, then run "
                     "'screening-app check'."))


def is_damage(error: BaseException) -> bool:
    """SQLite's "malformed" and "not a database" (a page that fails its HMAC): the
    plain DatabaseError, not one of its kinds (constraint, programming, disk)."""
    return type(error) is sqlcipher.DatabaseError


_DISK_FAULTS = ("disk", "full", "readonly", "read-only", "i/o", "locked", "busy")


def is_disk_fault(error: BaseException) -> bool:
    return isinstance(error, sqlcipher.OperationalError) and any(
        word in str(error).lower() for word in _DISK_FAULTS)


class Database:
    """The connection plus a re-entrant transaction helper."""

    def __init__(self, path: Path, master_key: bytearray) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        try:
            if not path.exists():
                # SQLite gives -wal and -shm the mode of the database file: owner only
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            # check_same_thread=False: the GUI may unlock in a worker thread; every
            # use goes through `transaction()`, which serialises on one lock.
            conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
        except (sqlcipher.Error, OSError) as error:
            raise disk_refusal(error) from None
        self.connection: Any = conn
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(_key_pragma("key", master_key))
            try:
                conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
            except sqlcipher.DatabaseError:
                raise WrongKey() from None
            # WAL silently stays 'delete' inside a transaction: set it first thing.
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            # FULL: the WAL is synced at every commit, so an answer reported saved
            # survives a power cut, not only a crash (NORMAL syncs at checkpoints
            # and may lose the last commits). Costs 1.8-4 ms a save here (docs/benchmarks.md).
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA busy_timeout = 2000")
            conn.execute("PRAGMA temp_store = MEMORY")    # no plaintext temp files
            # deleted and overwritten content is zeroed, not left in free space:
            # retention after receipt must really remove a person (storage/retention.py)
            conn.execute("PRAGMA secure_delete = ON")
        except BaseException:
            conn.close()
            raise

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """BEGIN IMMEDIATE … COMMIT; nested calls join the outer transaction."""
        with self._lock:
            outer = self._depth == 0
            cur = self.connection.cursor()
            if outer:
                try:
                    cur.execute("BEGIN IMMEDIATE")
                except sqlcipher.OperationalError as error:
                    raise disk_refusal(error) from None
            self._depth += 1
            try:
                yield cur
            except BaseException as error:
                self._depth -= 1
                if outer:
                    try:
                        self.connection.execute("ROLLBACK")
                    except sqlcipher.Error:
                        pass   # SQLite already rolled back after an I/O error
                    if is_disk_fault(error):
                        raise disk_refusal(error) from None
                    if is_damage(error):
                        raise DatabaseDamaged([]) from None
                raise
            self._depth -= 1
            if outer:
                try:
                    cur.execute("COMMIT")
                except sqlcipher.OperationalError as error:
                    try:
                        self.connection.execute("ROLLBACK")
                    except sqlcipher.Error:
                        pass
                    raise disk_refusal(error) from None

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return list(self.connection.execute(sql, params).fetchall())
            except sqlcipher.DatabaseError as error:
                if is_damage(error):
                    raise DatabaseDamaged([]) from None
                raise

    def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it (after an erasure)."""
        with self._lock:
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def vacuum(self) -> None:
        """Rewrite the whole file (no free pages left); not inside a transaction."""
        with self._lock:
            self.connection.execute("VACUUM")
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def backup_to(self, target: Database) -> None:
        """Copy every page into `target` (opened with the same key): a consistent
        snapshot, encrypted all the way. Not inside a write transaction: the
        backup API would wait for it forever."""
        with self._lock:
            self.connection.backup(target.connection)

    def rekey(self, new_key: bytearray) -> None:
        with self._lock:
            self.connection.execute(_key_pragma("rekey", new_key))

    def migrate(self) -> None:
        """Apply every component's new migrations, each in its own transaction."""
        with self.transaction() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        " component TEXT NOT NULL, version INTEGER NOT NULL,"
                        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ')),"
                        " PRIMARY KEY (component, version))")
        for component, migrations in discover_migrations():
            done = {row[0] for row in self.query(
                "SELECT version FROM schema_migrations WHERE component = ?", (component,))}
            for number, sql in enumerate(migrations, start=1):
                if number in done:
                    continue
                try:
                    with self.transaction() as cur:
                        for statement in _statements(sql):
                            cur.execute(statement)
                        cur.execute("INSERT INTO schema_migrations (component, version) "
                                    "VALUES (?, ?)", (component, number))
                except sqlcipher.Error as error:
                    if is_disk_fault(error):
                        raise disk_refusal(error) from None
                    raise Refused(_("The database could not be brought up to date ({component} "
                                    "step {number}). Nothing was changed; keep using the "
                                    "previous version of the program and report this.").format(
                                        component=component, number=number)) from None

    def close(self) -> None:
        with self._lock:
            try:
                self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlcipher.Error:
                pass
            self.connection.close()


def _statements(sql: str) -> list[str]:
    """Split a migration into complete statements (triggers contain ';')."""
    out: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlcipher.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def discover_migrations() -> list[tuple[str, list[str]]]:
    """Every module of storage/schema with COMPONENT and MIGRATIONS, core first.

    Discovered with pkgutil so each component adds its own module without
    editing a shared list.
    """
    found: list[tuple[str, list[str]]] = []
    for info in sorted(pkgutil.iter_modules(schema.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{schema.__name__}.{info.name}")
        found.append((str(module.COMPONENT), list(module.MIGRATIONS)))
    found.sort(key=lambda item: (item[0] != "core", item[0]))
    return found
