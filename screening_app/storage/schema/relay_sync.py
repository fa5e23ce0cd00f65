"""Sync through a relay: which outbox packets were given to a relay and what the
relay last said of them (so the officer learns when one expired unclaimed)."""

COMPONENT = "relay_sync"

MIGRATIONS: list[str] = [
    # 1: packets given to a relay
    """
    CREATE TABLE exchange_relay_sent (
        packet_id  TEXT PRIMARY KEY,          -- a packet of exchange_outbox
        relay      TEXT NOT NULL,             -- the relay's address when it was pushed
        pushed_at  TEXT NOT NULL,
        state      TEXT NOT NULL CHECK (state IN ('waiting', 'delivered', 'refused',
                                                  'expired', 'unknown')),
        checked_at TEXT
    );
    CREATE INDEX exchange_relay_sent_state ON exchange_relay_sent (state);
    """,
]
