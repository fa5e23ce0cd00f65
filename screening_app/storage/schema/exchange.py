"""Exchange tables: this device's keys, the agency directory, packets seen,
outbox, inbox, quarantine and merge conflicts (see screening_app.exchange).

Secret keys live here, inside the encrypted database, and nowhere else.
"""

COMPONENT = "exchange"

MIGRATIONS: list[str] = [
    # 1: first schema
    """
    CREATE TABLE exchange_identity (
        device_id  TEXT PRIMARY KEY,
        secret     TEXT NOT NULL,            -- JSON (exchange.identity.DeviceIdentity)
        created_at TEXT NOT NULL
    );
    CREATE TABLE exchange_agencies (
        id          TEXT PRIMARY KEY,
        body        TEXT NOT NULL,           -- JSON (domain.Agency)
        card        BLOB,                    -- the signed key card as imported
        issued      TEXT,                    -- the card's issue time (no rollback)
        verified    INTEGER NOT NULL DEFAULT 0,
        revoked     INTEGER NOT NULL DEFAULT 0,
        seeded      INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE exchange_packets_seen (
        packet_id     TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        sender_agency TEXT NOT NULL,
        case_id       TEXT,
        result        TEXT NOT NULL,
        imported_at   TEXT NOT NULL
    );
    CREATE TABLE exchange_case_base (
        case_id  TEXT NOT NULL,
        partner  TEXT NOT NULL,              -- the other agency
        revision INTEGER NOT NULL,           -- newest revision received from the partner
        body     TEXT NOT NULL,              -- JSON (domain.Case): the last version exchanged
        PRIMARY KEY (case_id, partner)
    );
    CREATE TABLE exchange_outbox (
        packet_id   TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('referral', 'update', 'receipt')),
        recipient   TEXT NOT NULL,
        case_id     TEXT,
        revision    INTEGER,
        referral_id TEXT,
        state       TEXT NOT NULL CHECK (state IN ('queued', 'copied', 'received')),
        data        BLOB NOT NULL,           -- the age-encrypted packet
        created_at  TEXT NOT NULL,
        copied_at   TEXT,
        received_at TEXT
    );
    CREATE INDEX exchange_outbox_state ON exchange_outbox (state, created_at);
    CREATE TABLE exchange_inbox (
        packet_id       TEXT PRIMARY KEY,
        kind            TEXT NOT NULL,
        sender_agency   TEXT NOT NULL,
        case_id         TEXT,
        sender_verified INTEGER NOT NULL,
        referral        TEXT,                -- JSON: HTCDS referral fields
        referral_pdf    BLOB,
        received_at     TEXT NOT NULL
    );
    CREATE INDEX exchange_inbox_case ON exchange_inbox (case_id);
    CREATE TABLE exchange_quarantine (
        packet_id     TEXT PRIMARY KEY,
        sender_agency TEXT NOT NULL,
        data          BLOB NOT NULL,         -- the packet as received, still encrypted
        held_at       TEXT NOT NULL
    );
    CREATE TABLE exchange_conflicts (
        id          INTEGER PRIMARY KEY,
        case_id     TEXT NOT NULL,
        field       TEXT NOT NULL,
        base        TEXT,                    -- JSON values
        ours        TEXT,
        theirs      TEXT,
        packet_id   TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        resolved_at TEXT,
        resolution  TEXT                     -- 'ours' or 'theirs'
    );
    CREATE INDEX exchange_conflicts_case ON exchange_conflicts (case_id, resolved_at);
    """,
    # 2: key-card continuity and rotation of this agency's packet keys
    # (exchange/trust.py, exchange/rotation.py)
    """
    ALTER TABLE exchange_agencies ADD COLUMN pending_card BLOB;   -- new keys, not proven
    ALTER TABLE exchange_agencies ADD COLUMN pending_at TEXT;
    CREATE TABLE exchange_retired_identities (
        age_identity  TEXT PRIMARY KEY,      -- secret: opens packets still in flight
        retired_at    TEXT NOT NULL,
        destroy_after TEXT NOT NULL
    );
    CREATE TABLE exchange_key_changes (
        seq       INTEGER PRIMARY KEY,
        statement TEXT NOT NULL             -- JSON (exchange.cards.KeyChange), public
    );
    CREATE TABLE exchange_card_outbox (
        recipient  TEXT NOT NULL,
        card       BLOB NOT NULL,            -- our new key card (public)
        fingerprint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        copied_at  TEXT,
        PRIMARY KEY (recipient, fingerprint)
    );
    """,
]
