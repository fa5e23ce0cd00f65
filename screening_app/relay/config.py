"""What an operator may set for a relay process (`relay serve` options)."""

from __future__ import annotations

from dataclasses import dataclass

from screening_app.exchange.packet import MAX_PACKET_BYTES
from screening_app.exchange.relay_protocol import CLOCK_WINDOW_SECONDS


@dataclass(frozen=True)
class RelayConfig:
    db: str                                   # libpq connection string or URL
    expire_days: float = 30.0                 # unclaimed packets expire after this
    keep_days: float = 90.0                   # settled packets' routing facts kept this long
    lease_seconds: int = 600                  # a fetched packet is held for its device
    max_packet_bytes: int = MAX_PACKET_BYTES
    clock_window: int = CLOCK_WINDOW_SECONDS  # requests older or newer are refused
    pool_size: int = 10                       # database connections of this process
    sweep_seconds: float = 60.0               # how often expiry and clean-up run
    db_timeout: float = 5.0                   # wait for a database connection at most
