"""The relay's PostgreSQL schema: numbered migrations, append-only (migration N is
`MIGRATIONS[N-1]`; never edit or reorder a released one).

`migrate` takes an advisory lock, so two `relay init` at once are safe.
"""

from __future__ import annotations

from typing import Any

MIGRATIONS: list[str] = [
    # 1: enrolled agencies and their keys, packets, request nonces
    """
    CREATE TABLE relay_agencies (
        agency_id   text PRIMARY KEY,
        card        bytea NOT NULL,            -- the enrolled key card: public keys only
        fingerprint text NOT NULL,
        issued      timestamptz NOT NULL,      -- the card's issue time (no rollback)
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz
    );
    CREATE TABLE relay_keys (                  -- every signing key ever enrolled
        signing_key text PRIMARY KEY,
        agency_id   text NOT NULL REFERENCES relay_agencies,
        state       text NOT NULL CHECK (state IN ('active', 'retired', 'revoked')),
        changed_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX relay_keys_agency ON relay_keys (agency_id);
    CREATE TABLE relay_packets (
        packet_id    uuid PRIMARY KEY,         -- one row per packet id, ever: exactly once
        sender       text NOT NULL REFERENCES relay_agencies,
        recipient    text NOT NULL REFERENCES relay_agencies,
        size         integer NOT NULL,
        sha256       bytea NOT NULL,
        data         bytea,                    -- the age file as it arrived; NULL once settled
        state        text NOT NULL DEFAULT 'waiting'
                     CHECK (state IN ('waiting', 'delivered', 'refused', 'expired')),
        stored_at    timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        leased_by    text,                     -- signing key of the device that fetched it
        leased_until timestamptz,
        settled_at   timestamptz
    );
    -- age files do not compress: store them out of line, uncompressed
    ALTER TABLE relay_packets ALTER COLUMN data SET STORAGE EXTERNAL;
    CREATE INDEX relay_packets_inbox ON relay_packets (recipient, stored_at)
        WHERE state = 'waiting';
    CREATE INDEX relay_packets_expiry ON relay_packets (expires_at) WHERE state = 'waiting';
    CREATE INDEX relay_packets_sender ON relay_packets (sender, stored_at);
    CREATE INDEX relay_packets_settled ON relay_packets (settled_at) WHERE state <> 'waiting';
    CREATE TABLE relay_nonces (                -- requests seen inside the clock window
        nonce        text PRIMARY KEY,
        agency_id    text NOT NULL,
        request_time timestamptz NOT NULL
    );
    CREATE INDEX relay_nonces_time ON relay_nonces (request_time);
    """,
]

LATEST = len(MIGRATIONS)
_LOCK = 7_310_211   # advisory lock id of `migrate`


def migrate(conn: Any) -> tuple[int, int]:
    """Apply the missing migrations in one transaction: (version before, after)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS relay_schema (version integer PRIMARY KEY, "
                     "applied_at timestamptz NOT NULL DEFAULT now())")
        before = version(conn)
        for number in range(before + 1, LATEST + 1):
            conn.execute(MIGRATIONS[number - 1])
            conn.execute("INSERT INTO relay_schema (version) VALUES (%s)", (number,))
    return before, LATEST


def version(conn: Any) -> int:
    """The schema version of the database (0: none)."""
    exists = conn.execute("SELECT to_regclass('relay_schema')").fetchone()[0]
    if exists is None:
        return 0
    return int(conn.execute("SELECT coalesce(max(version), 0) FROM relay_schema").fetchone()[0])
