"""What the encrypted database knows about the vault file: every key slot this
installation made (so a slot planted in vault.json is recognised as a stranger),
and the personal signing keys of supervisors and administrators with the audit
checkpoints they signed (storage/keyring.py, storage/anchors.py)."""

COMPONENT = "keyring"

MIGRATIONS: list[str] = [
    # 1: first schema
    """
    CREATE TABLE key_slots (
        id          TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('user', 'recovery')),
        user_name   TEXT,
        public_key  TEXT NOT NULL,          -- base64, as in the vault file
        recorded_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX key_slots_one_recovery ON key_slots (kind) WHERE kind = 'recovery';
    CREATE UNIQUE INDEX key_slots_one_per_user ON key_slots (user_name) WHERE kind = 'user';
    CREATE TABLE audit_signers (
        public_key TEXT PRIMARY KEY,        -- base64 Ed25519
        user_name  TEXT NOT NULL,
        added_at   TEXT NOT NULL
    );
    CREATE TABLE audit_checkpoints (
        id         INTEGER PRIMARY KEY,
        rows       INTEGER NOT NULL,        -- audit_log rows covered (ids 1..rows)
        head_hash  TEXT NOT NULL,           -- hash of row `rows`
        at         TEXT NOT NULL,
        user_name  TEXT NOT NULL,
        public_key TEXT NOT NULL,
        reason     TEXT NOT NULL,           -- 'unlock' or 'backup'
        signature  TEXT NOT NULL            -- base64 Ed25519
    );
    CREATE TRIGGER audit_signers_no_update BEFORE UPDATE ON audit_signers
    BEGIN SELECT RAISE (ABORT, 'audit signers are append-only'); END;
    CREATE TRIGGER audit_signers_no_delete BEFORE DELETE ON audit_signers
    BEGIN SELECT RAISE (ABORT, 'audit signers are append-only'); END;
    CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
    BEGIN SELECT RAISE (ABORT, 'audit checkpoints are append-only'); END;
    CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
    BEGIN SELECT RAISE (ABORT, 'audit checkpoints are append-only'); END;
    """,
]
