"""Identifiers: UUIDv7 (RFC 9562), sortable by creation time and unique across devices."""

from __future__ import annotations

import os
import time
import uuid


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A version-7 UUID: 48 bits of Unix milliseconds, then 74 random bits."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76                      # version
    value |= ((rand >> 62) & 0xFFF) << 64   # rand_a, 12 bits
    value |= 0b10 << 62                     # variant
    value |= rand & ((1 << 62) - 1)         # rand_b, 62 bits
    return uuid.UUID(int=value)


def new_case_id() -> str:
    return str(uuid7())
