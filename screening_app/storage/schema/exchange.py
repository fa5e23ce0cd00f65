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
    # 3: HTCDS 2.0 (see core migration 7). Directory entries: a pre-2.0 agency type
    # becomes org_Type and/or the project's service extension (key cards as signed
    # are kept byte for byte; v1 cards are read with the same mapping). The common
    # versions of exchanged cases and open merge conflicts take the 2.0 gender values
    # and the citizenship list.
    """
    UPDATE exchange_agencies SET body = json_set(body,
        '$.type', CASE json_extract(body, '$.type')
          WHEN 'Embassy' THEN 'CentralGovernmentOrganisation'
          WHEN 'SocialService' THEN NULL WHEN 'Shelter' THEN NULL
          WHEN 'InternationalOrganisation' THEN NULL WHEN 'Other' THEN NULL
          ELSE json_extract(body, '$.type') END,
        '$.service', CASE WHEN json_extract(body, '$.type') IN
          ('SocialService', 'Shelter', 'Embassy', 'InternationalOrganisation')
          THEN json_extract(body, '$.type') END)
    WHERE json_type(body, '$.service') IS NULL;
    UPDATE exchange_case_base SET body = json_set(json_remove(body, '$.person.nationality'),
        '$.person.gender', CASE json_extract(body, '$.person.gender')
          WHEN 'Male' THEN 'Masculine' WHEN 'Female' THEN 'Feminine'
          WHEN 'Transgender/NonConforming' THEN 'NonSpecifiedUnknown'
          WHEN 'Unknown' THEN 'NonSpecifiedUnknown'
          ELSE json_extract(body, '$.person.gender') END,
        '$.person.citizenship',
        CASE WHEN coalesce(json_extract(body, '$.person.nationality'), '') = ''
          THEN json('[]') ELSE json_array(json_extract(body, '$.person.nationality')) END)
    WHERE json_type(body, '$.person.citizenship') IS NULL;
    UPDATE exchange_conflicts SET
        base = CASE json_extract(base, '$')
          WHEN 'Male' THEN '"Masculine"' WHEN 'Female' THEN '"Feminine"'
          WHEN 'Transgender/NonConforming' THEN '"NonSpecifiedUnknown"'
          WHEN 'Unknown' THEN '"NonSpecifiedUnknown"' ELSE base END,
        ours = CASE json_extract(ours, '$')
          WHEN 'Male' THEN '"Masculine"' WHEN 'Female' THEN '"Feminine"'
          WHEN 'Transgender/NonConforming' THEN '"NonSpecifiedUnknown"'
          WHEN 'Unknown' THEN '"NonSpecifiedUnknown"' ELSE ours END,
        theirs = CASE json_extract(theirs, '$')
          WHEN 'Male' THEN '"Masculine"' WHEN 'Female' THEN '"Feminine"'
          WHEN 'Transgender/NonConforming' THEN '"NonSpecifiedUnknown"'
          WHEN 'Unknown' THEN '"NonSpecifiedUnknown"' ELSE theirs END
    WHERE field = 'person.gender';
    UPDATE exchange_conflicts SET field = 'person.citizenship',
        base = CASE WHEN coalesce(json_extract(base, '$'), '') = '' THEN '[]'
          ELSE json_array(json_extract(base, '$')) END,
        ours = CASE WHEN coalesce(json_extract(ours, '$'), '') = '' THEN '[]'
          ELSE json_array(json_extract(ours, '$')) END,
        theirs = CASE WHEN coalesce(json_extract(theirs, '$'), '') = '' THEN '[]'
          ELSE json_array(json_extract(theirs, '$')) END
    WHERE field = 'person.nationality';
    """,
]
