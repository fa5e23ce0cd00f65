"""The packet queue in PostgreSQL: what each request of the relay does to it.

Every function takes an open async connection in autocommit mode; every change
is one statement, atomic by itself.
Several relay processes share one database safely: a packet id is a primary key
(a second push of it is recognised, never stored twice), the inbox is leased with
`FOR UPDATE SKIP LOCKED` (two devices never get the same packet at once), and a
receipt settles a packet with one conditional UPDATE.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screening_app.relay.config import RelayConfig


class QueueRefusal(Exception):
    """A request the queue refuses: HTTP status and protocol error code."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(code)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class Waiting:
    packet_id: str
    sender: str
    size: int
    stored_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {"packet_id": self.packet_id, "sender": self.sender, "size": self.size,
                "stored_at": self.stored_at.isoformat()}


async def authenticate(conn: Any, agency: str, key: str, nonce: str, timestamp: int
                       ) -> tuple[str | None, bool]:
    """(state of the signing key of `agency`: 'active', 'retired', 'revoked' or None
    when unknown; whether the nonce is new). The nonce of an active key is recorded
    in the same statement, so a request can be played only once."""
    cur = await conn.execute(
        "WITH k AS (SELECT CASE WHEN a.revoked_at IS NOT NULL THEN 'revoked' ELSE k.state "
        "  END AS state FROM relay_keys k JOIN relay_agencies a USING (agency_id) "
        "  WHERE k.signing_key = %(key)s AND k.agency_id = %(agency)s), "
        "n AS (INSERT INTO relay_nonces (nonce, agency_id, request_time) "
        "  SELECT %(nonce)s, %(agency)s, to_timestamp(%(time)s) "
        "  WHERE EXISTS (SELECT 1 FROM k WHERE state = 'active') "
        "  ON CONFLICT DO NOTHING RETURNING 1) "
        "SELECT (SELECT state FROM k), EXISTS (SELECT 1 FROM n)",
        {"key": key, "agency": agency, "nonce": nonce, "time": timestamp})
    row = await cur.fetchone()
    assert row is not None
    return (None if row[0] is None else str(row[0])), bool(row[1])


async def push(conn: Any, config: RelayConfig, sender: str, recipient: str, packet_id: str,
               data: bytes) -> tuple[str, bool]:
    """Store a packet: (state, stored now). A repeated push of the same packet is
    answered with its state; the same id with other bytes or sender is refused."""
    digest = hashlib.sha256(data).digest()
    async with conn.transaction():      # answered "stored" only once it is on disk
        await conn.execute("SET LOCAL synchronous_commit = on")
        cur = await conn.execute(
            "INSERT INTO relay_packets (packet_id, sender, recipient, size, sha256, data, "
            "expires_at) SELECT %(id)s, %(sender)s, %(recipient)s, %(size)s, %(sha)s, "
            "%(data)s, now() + make_interval(secs => %(expire)s) WHERE EXISTS (SELECT 1 "
            "FROM relay_agencies WHERE agency_id = %(recipient)s AND revoked_at IS NULL) "
            "ON CONFLICT (packet_id) DO NOTHING RETURNING state",
            {"id": packet_id, "sender": sender, "recipient": recipient, "size": len(data),
             "sha": digest, "data": data, "expire": config.expire_days * 86400})
        row = await cur.fetchone()
    if row is not None:
        return str(row[0]), True
    cur = await conn.execute(
        "SELECT state, sender, recipient, sha256 FROM relay_packets WHERE packet_id = %s",
        (packet_id,))
    held = await cur.fetchone()
    if held is None:
        raise QueueRefusal(422, "unknown-recipient")
    if (held[1], held[2], bytes(held[3])) != (sender, recipient, digest):
        raise QueueRefusal(409, "conflict")
    return str(held[0]), False


async def lease_inbox(conn: Any, config: RelayConfig, agency: str, device_key: str,
                      limit: int) -> tuple[list[Waiting], int]:
    """Lease up to `limit` waiting packets of `agency` to this device (its own
    leases again after a crash; others' only once expired): (packets, total waiting)."""
    cur = await conn.execute(
        "UPDATE relay_packets SET leased_by = %(key)s, "
        "leased_until = now() + make_interval(secs => %(lease)s) "
        "WHERE packet_id IN (SELECT packet_id FROM relay_packets "
        "  WHERE recipient = %(agency)s AND state = 'waiting' AND expires_at > now() "
        "  AND (leased_until IS NULL OR leased_until < now() OR leased_by = %(key)s) "
        "  ORDER BY stored_at, packet_id LIMIT %(limit)s FOR UPDATE SKIP LOCKED) "
        "RETURNING packet_id, sender, size, stored_at",
        {"key": device_key, "lease": config.lease_seconds, "agency": agency,
         "limit": limit})
    leased = sorted((Waiting(str(r[0]), r[1], int(r[2]), r[3]) for r in await cur.fetchall()),
                    key=lambda w: (w.stored_at, w.packet_id))
    cur = await conn.execute(
        "SELECT count(*) FROM relay_packets WHERE recipient = %s AND state = 'waiting' "
        "AND expires_at > now()", (agency,))
    row = await cur.fetchone()
    return leased, int(row[0]) if row else 0


async def download(conn: Any, config: RelayConfig, agency: str, device_key: str,
                   packet_id: str) -> tuple[bytes, str]:
    """The packet's bytes and sender, for a device of its recipient (leased to it)."""
    cur = await conn.execute(
        "UPDATE relay_packets SET leased_by = %(key)s, "
        "leased_until = now() + make_interval(secs => %(lease)s) "
        "WHERE packet_id = %(id)s AND recipient = %(agency)s AND state = 'waiting' "
        "AND expires_at > now() "
        "AND (leased_until IS NULL OR leased_until < now() OR leased_by = %(key)s) "
        "RETURNING data, sender",
        {"key": device_key, "lease": config.lease_seconds, "id": packet_id, "agency": agency})
    row = await cur.fetchone()
    if row is not None:
        return bytes(row[0]), str(row[1])
    state = await _state_for_recipient(conn, agency, packet_id)
    if state == "waiting":
        raise QueueRefusal(409, "held")          # another device of the agency has it
    raise QueueRefusal(410 if state == "expired" else 404,
                       "expired" if state == "expired" else "not-found")


async def settle(conn: Any, agency: str, packet_id: str, outcome: str) -> str:
    """The recipient's signed receipt: the packet is delivered (or refused) and its
    bytes are deleted. Repeating it is harmless."""
    cur = await conn.execute(
        "UPDATE relay_packets SET state = %s, data = NULL, settled_at = now(), "
        "leased_by = NULL, leased_until = NULL "
        "WHERE packet_id = %s AND recipient = %s AND state = 'waiting' RETURNING state",
        (outcome, packet_id, agency))
    row = await cur.fetchone()
    if row is not None:
        return str(row[0])
    state = await _state_for_recipient(conn, agency, packet_id)
    if state is None:
        raise QueueRefusal(404, "not-found")
    if state == "expired":
        raise QueueRefusal(410, "expired")
    return state


async def _state_for_recipient(conn: Any, agency: str, packet_id: str) -> str | None:
    cur = await conn.execute(
        "SELECT state FROM relay_packets WHERE packet_id = %s AND recipient = %s",
        (packet_id, agency))
    row = await cur.fetchone()
    return None if row is None else str(row[0])


async def sent_states(conn: Any, sender: str, packet_ids: list[str]) -> dict[str, str]:
    """What became of packets this agency sent (unknown: never here, or long gone)."""
    cur = await conn.execute(
        "SELECT packet_id::text, CASE WHEN state = 'waiting' AND expires_at <= now() "
        "THEN 'expired' ELSE state END FROM relay_packets "
        "WHERE sender = %s AND packet_id = ANY(%s::uuid[])", (sender, packet_ids))
    found = {str(r[0]): str(r[1]) for r in await cur.fetchall()}
    return {pid: found.get(pid, "unknown") for pid in packet_ids}


async def sweep(conn: Any, config: RelayConfig) -> tuple[int, int]:
    """Expire unclaimed packets (their bytes deleted, the sender sees "expired"),
    forget settled packets after `keep_days` and nonces outside the clock window:
    (expired, forgotten). Any process may run it at any time."""
    cur = await conn.execute(
        "UPDATE relay_packets SET state = 'expired', data = NULL, settled_at = now(), "
        "leased_by = NULL, leased_until = NULL "
        "WHERE state = 'waiting' AND expires_at <= now()")
    expired = cur.rowcount
    cur = await conn.execute(
        "DELETE FROM relay_packets WHERE state <> 'waiting' "
        "AND settled_at < now() - make_interval(secs => %s)", (config.keep_days * 86400,))
    forgotten = cur.rowcount
    await conn.execute(
        "DELETE FROM relay_nonces WHERE request_time < now() - make_interval(secs => %s)",
        (config.clock_window * 2,))
    return int(expired), int(forgotten)
