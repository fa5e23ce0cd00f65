"""What the relay operator does at the command line: create the schema, enrol
and revoke agencies, look at the queue. Synchronous psycopg; each action is one
transaction. Messages are translated, as for every other command."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg

from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard
from screening_app.i18n import _
from screening_app.relay import schema
from screening_app.relay.enrolment import Held, Verdict, decide_enrolment


@contextmanager
def connect(db: str, timeout: int = 10) -> Iterator[Any]:
    """A connection to the relay database, or Refused saying it cannot be reached
    (never the connection string: it may hold a password)."""
    try:
        conn = psycopg.connect(db, autocommit=True, connect_timeout=timeout)
    except psycopg.Error:
        raise Refused(_("Cannot connect to the relay database. Check the --db address, that "
                        "PostgreSQL is running, and the user's rights.")) from None
    try:
        yield conn
    finally:
        conn.close()


def require_schema(conn: Any) -> None:
    found = schema.version(conn)
    if found < schema.LATEST:
        raise Refused(_("The relay database has no relay schema or an older one (version "
                        "{found}, needed {needed}). Run 'relay init --db ...' first.").format(
                            found=found, needed=schema.LATEST))
    if found > schema.LATEST:
        raise Refused(_("The relay database was made by a newer version of this program "
                        "(schema {found}); update the program.").format(found=found))


def init(db: str) -> tuple[int, int]:
    with connect(db) as conn:
        try:
            return schema.migrate(conn)
        except psycopg.Error:
            raise Refused(_("Could not create the relay schema: the database user needs the "
                            "right to create tables.")) from None


@dataclass(frozen=True)
class Enrolled:
    agency_id: str
    fingerprint: str
    verdict: Verdict

    def describe(self) -> str:
        return {
            Verdict.NEW: _("Agency {agency} enrolled: its devices may now use the relay."),
            Verdict.UPDATED: _("Card of {agency} updated (same keys)."),
            Verdict.UNCHANGED: _("Card of {agency} was already enrolled; nothing changed."),
            Verdict.KEYS_CHANGED: _("Agency {agency} enrolled with its new keys; the old keys "
                                    "may no longer use the relay."),
            Verdict.REVOKED: _("The keys of {agency} are revoked: its devices may no longer "
                               "use the relay."),
        }[self.verdict].format(agency=self.agency_id) + " " + _(
            "Fingerprint: {fingerprint}").format(fingerprint=self.fingerprint)


def _held(conn: Any, agency_id: str) -> Held | None:
    row = conn.execute("SELECT card, revoked_at FROM relay_agencies WHERE agency_id = %s "
                       "FOR UPDATE", (agency_id,)).fetchone()
    if row is None:
        return None
    revoked_keys = frozenset(r[0] for r in conn.execute(
        "SELECT signing_key FROM relay_keys WHERE agency_id = %s AND state = 'revoked'",
        (agency_id,)).fetchall())
    return Held(KeyCard.from_bytes(bytes(row[0])), row[1] is not None, revoked_keys)


def enroll(db: str, card_bytes: bytes, *, verified: bool) -> Enrolled:
    """Enrol (or re-enrol) the agency of a key card, as `decide_enrolment` allows."""
    offered = KeyCard.from_bytes(card_bytes)
    with connect(db) as conn:
        require_schema(conn)
        return enrol_card(conn, offered, verified=verified)


def enrol_card(conn: Any, offered: KeyCard, *, verified: bool,
               before_change: Callable[[Any], None] | None = None) -> Enrolled:
    """Enrol `offered` on an open connection, in one transaction: the operator's
    `relay enroll` (verified when they compared the fingerprint) and a device
    offering its own card (never verified: only a proven card passes). A refusal
    changes nothing; `before_change(conn)` runs inside the transaction once the
    card is accepted (a refusal there undoes everything)."""
    with conn.transaction():
        held = _held(conn, offered.id)
        verdict = decide_enrolment(held, offered, verified=verified, now=utc_now())
        if before_change is not None:
            before_change(conn)
        if verdict is Verdict.REVOKED:
            _revoke(conn, offered.id, offered)
        elif verdict is not Verdict.UNCHANGED:
            _store(conn, offered)
    return Enrolled(offered.id, offered.fingerprint, verdict)


def _store(conn: Any, card: KeyCard) -> None:
    conn.execute(
        "INSERT INTO relay_agencies (agency_id, card, fingerprint, issued) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (agency_id) DO UPDATE SET card = excluded.card, "
        "fingerprint = excluded.fingerprint, issued = excluded.issued, updated_at = now(), "
        "revoked_at = NULL", (card.id, card.to_bytes(), card.fingerprint, card.issued))
    conn.execute("UPDATE relay_keys SET state = 'retired', changed_at = now() "
                 "WHERE agency_id = %s AND state = 'active' AND NOT signing_key = ANY(%s)",
                 (card.id, card.signing_keys))
    for key in card.signing_keys:
        conn.execute(
            "INSERT INTO relay_keys (signing_key, agency_id, state) VALUES (%s, %s, 'active') "
            "ON CONFLICT (signing_key) DO UPDATE SET state = 'active', changed_at = now() "
            "WHERE relay_keys.agency_id = excluded.agency_id "
            "AND relay_keys.state <> 'revoked'", (key, card.id))
        owner = conn.execute("SELECT agency_id FROM relay_keys WHERE signing_key = %s",
                             (key,)).fetchone()
        if owner is not None and owner[0] != card.id:
            raise Refused(_("A key of this card is enrolled for another agency; nothing was "
                            "enrolled."))


def _revoke(conn: Any, agency_id: str, card: KeyCard | None = None) -> None:
    """Revoke the agency's keys; with the agency's own signed revocation `card`,
    keep it, so partners syncing through the relay receive it too."""
    if card is not None:
        conn.execute("UPDATE relay_agencies SET card = %s, issued = %s WHERE agency_id = %s",
                     (card.to_bytes(), card.issued, agency_id))
    conn.execute("UPDATE relay_agencies SET revoked_at = now(), updated_at = now() "
                 "WHERE agency_id = %s", (agency_id,))
    conn.execute("UPDATE relay_keys SET state = 'revoked', changed_at = now() "
                 "WHERE agency_id = %s AND state <> 'revoked'", (agency_id,))


def revoke(db: str, agency_id: str) -> None:
    """Stop an agency's keys at once (e.g. its laptop was seized): its devices are
    refused; it can come back only with new keys, enrolled with --verified."""
    with connect(db) as conn:
        require_schema(conn)
        with conn.transaction():
            found = conn.execute("SELECT 1 FROM relay_agencies WHERE agency_id = %s",
                                 (agency_id,)).fetchone()
            if found is None:
                raise Refused(_("No agency with this id is enrolled on this relay; nothing "
                                "was changed."))
            _revoke(conn, agency_id)


def status(db: str) -> dict[str, Any]:
    """Queue depth per agency, oldest waiting packet, bytes: routing facts only."""
    with connect(db) as conn:
        require_schema(conn)
        agencies = conn.execute(
            "SELECT a.agency_id, a.revoked_at IS NOT NULL, count(p.packet_id), "
            "coalesce(sum(p.size), 0), min(p.stored_at) FROM relay_agencies a "
            "LEFT JOIN relay_packets p ON p.recipient = a.agency_id AND p.state = 'waiting' "
            "GROUP BY a.agency_id ORDER BY a.agency_id").fetchall()
        settled = dict(conn.execute(
            "SELECT state, count(*) FROM relay_packets WHERE state <> 'waiting' "
            "GROUP BY state").fetchall())
    waiting = [{"agency_id": a, "revoked": bool(r), "waiting": int(n), "bytes": int(b),
                "oldest": None if o is None else o.isoformat()} for a, r, n, b, o in agencies]
    oldest = min((w["oldest"] for w in waiting if w["oldest"]), default=None)
    return {
        "schema_version": schema.LATEST,
        "agencies": len(waiting),
        "revoked": sum(1 for w in waiting if w["revoked"]),
        "waiting_packets": sum(w["waiting"] for w in waiting),
        "waiting_bytes": sum(w["bytes"] for w in waiting),
        "oldest_waiting": oldest,
        "settled": {k: int(settled.get(k, 0)) for k in ("delivered", "refused", "expired")},
        "per_agency": waiting,
    }
