"""The synthetic case load: N cases with names in every script of the region,
built once per run through the repository's own code path (create + save_answer
inside one outer transaction), and a plain-sqlite3 twin of the same database.

Synthetic names only: no real person is in these files.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening_app.domain import (
    Answer,
    Consent,
    ConsentMethod,
    DimensionResult,
    Outcome,
    OutcomeKind,
)
from screening_app.samples.people import LANGUAGES, QUERIES, person

PASSPHRASE = "benchmark passphrase, synthetic data only"
ADMIN_PASSPHRASE = "benchmark admin passphrase"
USER = "officer"

# Names in every script of the region, and search terms that find them: the one
# sample module the demo and the document tests use too.
SCRIPTS = LANGUAGES
__all__ = ["PASSPHRASE", "QUERIES", "SCRIPTS", "USER", "Dataset", "build", "open_plain"]


@dataclass
class Dataset:
    data_dir: Path
    plain_db: Path
    cases: int
    case_ids: list[str]
    build_seconds: float


def outcome(rng: random.Random) -> Outcome:
    return Outcome(kind=rng.choice(list(OutcomeKind)), urgent=rng.random() < 0.1,
                   indicator_set="adult_labour", rule_set="ilo-2012", rule_set_version="1",
                   dimensions={"recruitment": DimensionResult(True, ["deceptive_recruitment"]),
                               "exploitation": DimensionResult(False, [])})


def build(where: Path, count: int, seed: int = 7) -> Dataset:
    """A data directory with `count` cases; every tenth is a finished interview
    (20 answers and an outcome), the others drafts with three answers."""
    from screening_app.storage import Session, init_data_dir

    rng = random.Random(seed)
    data_dir = where / "data"
    start = time.perf_counter()
    init_data_dir(data_dir, admin="admin", passphrase=ADMIN_PASSPHRASE, country="KH",
                  agency_name="Benchmark agency", agency_type="LawEnforcement")
    with Session.open(data_dir, "admin", ADMIN_PASSPHRASE) as admin:
        admin.users.add(USER, "officer", PASSPHRASE)
    ids: list[str] = []
    with Session.open(data_dir, USER, PASSPHRASE) as session:
        with session.transaction():
            for n in range(count):
                script = SCRIPTS[n % len(SCRIPTS)]
                case = session.cases.create(
                    person(rng, script),
                    Consent(interview=True, record=True, share_for_referral=True,
                            how=ConsentMethod.VERBAL),
                    form_id="identification", form_version="1.0", officer_language="km",
                    interviewee_language=script)
                ids.append(case.id)
                finished = n % 10 == 0
                for q in range(20 if finished else 3):
                    session.cases.save_answer(case.id, Answer(
                        f"q{q:02d}", rng.choice([True, False, "sometimes", 12, ["a", "b"]])))
                if finished:
                    session.cases.add_outcome(case.id, outcome(rng))
        session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain = where / "plain.db"
        export_plain(session, plain)
    return Dataset(data_dir, plain, count, ids, time.perf_counter() - start)


def export_plain(session: object, target: Path) -> None:
    """The same schema and rows in a plain SQLite file (SQLCipher's documented
    sqlcipher_export), the reference for size, search and save."""
    conn = session.connection  # type: ignore[attr-defined]
    conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    plain = _plain_engine().connect(str(target))
    plain.execute("PRAGMA journal_mode = WAL")
    plain.close()


def _plain_engine() -> Any:
    """SQLCipher's own SQLite without a key: an unencrypted database, the same
    SQLite version as ours (3.53). The standard library's SQLite (3.40 here)
    cannot read the contentless-delete FTS5 table of the search index."""
    from sqlcipher3 import dbapi2

    return dbapi2


def open_plain(path: Path, synchronous: str = "FULL") -> object:
    """The reference connection: plain SQLite (no key), the same pragmas as ours."""
    conn = _plain_engine().connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def now() -> datetime:
    return datetime.now(UTC)
