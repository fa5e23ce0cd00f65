"""Duplicate-person index (screening_app.matching) and retention after receipt.

Everything here is derived personal data (romanised names, sound keys, ages)
and stays inside the encrypted database; it is erased with the case
(storage/retention.py).
"""

COMPONENT = "duplicates"

MIGRATIONS: list[str] = [
    # 1: first schema
    """
    CREATE TABLE dup_people (
        case_id    TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        profile    TEXT NOT NULL,              -- JSON (matching.Profile)
        gender     TEXT NOT NULL,              -- for the stored pairs' cheap pre-filter
        birth_year INTEGER
    );
    CREATE TABLE dup_keys (
        key     TEXT NOT NULL,                 -- matching.blocking_keys
        case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        PRIMARY KEY (key, case_id)
    ) WITHOUT ROWID;
    CREATE INDEX dup_keys_case ON dup_keys (case_id);
    CREATE TABLE dup_pairs (                   -- candidates found, both directions
        case_id  TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        other_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        score    REAL NOT NULL,
        PRIMARY KEY (case_id, other_id)
    ) WITHOUT ROWID;
    CREATE INDEX dup_pairs_other ON dup_pairs (other_id);
    CREATE TABLE dup_decisions (               -- a supervisor's word on a pair (case_a < case_b)
        case_a     TEXT NOT NULL,
        case_b     TEXT NOT NULL,
        decision   TEXT NOT NULL CHECK (decision IN ('same', 'different')),
        score      REAL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        PRIMARY KEY (case_a, case_b)
    ) WITHOUT ROWID;
    CREATE INDEX dup_decisions_b ON dup_decisions (case_b);
    CREATE TABLE retention_erased (            -- cases reduced to a stub after receipt
        case_id     TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        received_at TEXT NOT NULL,
        erased_at   TEXT NOT NULL
    );
    """,
    # 2: the search indexes remove a deleted entry's tokens at once (FTS5
    # secure-delete, SQLite 3.42+) instead of leaving them in older segments
    # until a merge: an erased name must not stay readable in the index
    """
    INSERT INTO case_search (case_search, rank) VALUES ('secure-delete', 1);
    INSERT INTO case_grams (case_grams, rank) VALUES ('secure-delete', 1);
    """,
]
