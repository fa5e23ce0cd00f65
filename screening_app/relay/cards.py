"""Key cards through the relay, so one sync flow carries them by either transport
(exchange/sync.py):

* a device offers its agency's own card (`POST /v1/card`). After a key rotation
  the device's new key is not enrolled yet, so this request is authenticated by
  the card itself: signed by a key on the card, for the card's agency, and
  enrolled only when it follows from the enrolled card without an operator
  (`decide_enrolment` with verified=False: the key-change statement inside it is
  signed by an enrolled key, or it is the same keys with newer details, or a
  revocation signed by an enrolled key). Anything else is refused and changes
  nothing; only `relay enroll --verified` can enrol it.
* a device asks for the cards the relay holds for the agencies in its directory
  that are newer than the ones it holds (`POST /v1/cards`); it follows only those
  that follow from what it holds (exchange/directory.py `follow_card`), so the
  relay cannot give it keys it would not accept from a folder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg

from screening_app.errors import Refused
from screening_app.exchange import relay_protocol as wire
from screening_app.exchange.cards import KeyCard
from screening_app.relay.admin import Enrolled, enrol_card
from screening_app.relay.config import RelayConfig
from screening_app.relay.enrolment import NeedsOperator
from screening_app.relay.queue import QueueRefusal


def offer(config: RelayConfig, signed: wire.SignedHeaders, card_bytes: bytes,
          recipients: list[str]) -> tuple[Enrolled, list[str]]:
    """Enrol the card a device offers for its own agency: (what happened, the
    `recipients` this relay serves, who can now fetch the card). Blocking: run in
    a thread. QueueRefusal when it may not be enrolled."""
    try:
        offered = KeyCard.from_bytes(card_bytes)
    except Refused:
        raise QueueRefusal(400, "malformed") from None
    if offered.id != signed.agency or signed.key not in offered.signing_keys:
        raise QueueRefusal(401, "bad-signature")    # the request is not the card's own

    def record_nonce(conn: Any) -> None:
        fresh = conn.execute(
            "INSERT INTO relay_nonces (nonce, agency_id, request_time) VALUES "
            "(%s, %s, to_timestamp(%s)) ON CONFLICT DO NOTHING RETURNING 1",
            (signed.nonce, signed.agency, signed.timestamp)).fetchone()
        if fresh is None:
            raise QueueRefusal(401, "replay")

    with psycopg.connect(config.db, autocommit=True,
                         connect_timeout=max(1, int(config.db_timeout))) as conn:
        try:
            done = enrol_card(conn, offered, verified=False, before_change=record_nonce)
        except NeedsOperator:
            raise QueueRefusal(403, "not-enrolled") from None
        except Refused:          # older, future, expired, revoked keys, unproven revocation
            raise QueueRefusal(409, "card-refused") from None
        served = [str(r[0]) for r in conn.execute(
            "SELECT agency_id FROM relay_agencies WHERE agency_id = ANY(%s) "
            "AND revoked_at IS NULL ORDER BY agency_id", (recipients,)).fetchall()]
    return done, served


async def newer_cards(conn: Any, requester: str, held: dict[str, datetime]) -> list[bytes]:
    """The enrolled cards of the agencies in `held` issued after the card the
    requesting device holds for them (signed revocations included)."""
    ids = [agency for agency in held if agency != requester]
    cur = await conn.execute(
        "SELECT a.card FROM relay_agencies a JOIN unnest(%s::text[], %s::timestamptz[]) "
        "AS h(agency_id, issued) USING (agency_id) WHERE a.issued > h.issued "
        "ORDER BY a.agency_id", (ids, [held[agency] for agency in ids]))
    return [bytes(r[0]) for r in await cur.fetchall()]
