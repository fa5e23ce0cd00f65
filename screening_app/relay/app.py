"""The relay's HTTP service (Starlette on uvicorn, psycopg 3 async pool).

Each request is checked in this order, cheapest first, and refused with a JSON
`{"error": code}` (codes in `exchange.relay_protocol.ERRORS`):
headers well-formed → time inside the clock window → body within the size limit
→ Ed25519 signature over method, path, body hash, time and nonce → the key is an
active key of an enrolled, unrevoked agency and the nonce is new (one statement
that records the nonce, committed before the operation runs, so even a refused
request cannot be played again) → the operation, in autocommit: every operation is
one atomic statement, or a statement and a read that only explains a refusal.
Nothing of the packet is read: it is stored as it arrived.

One request differs: a device offering its agency's own key card (`/v1/card`,
relay/cards.py). After a key rotation its new key is not enrolled yet, so the card
itself vouches for the request, and the nonce is recorded when the card is
accepted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from screening_app.exchange import relay_protocol as wire
from screening_app.exchange.canonical import b64decode, b64encode, parse_canonical
from screening_app.exchange.cards import MAX_CARD_BYTES
from screening_app.relay import cards, queue
from screening_app.relay.config import RelayConfig
from screening_app.relay.queue import QueueRefusal

log = logging.getLogger("screening_app.relay")
SMALL_BODY = 64 * 1024          # requests other than a push carry a little JSON at most
CARD_BODY = 2 * MAX_CARD_BYTES  # a key card in base64, and the recipients it is for

Handler = Callable[[Any, wire.SignedHeaders, Request, bytes], Awaitable[Response]]


def _refusal(status: int, code: str) -> JSONResponse:
    return JSONResponse({"error": code}, status_code=status,
                        headers={wire.TIME: str(int(time.time()))})


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise QueueRefusal(413 if declared.isdigit() else 400,
                           "too-large" if declared.isdigit() else "malformed")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueueRefusal(413, "too-large")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_body(body: bytes, keys: set[str]) -> dict[str, Any]:
    try:
        value = parse_canonical(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise QueueRefusal(400, "malformed") from None
    if not isinstance(value, dict) or set(value) != keys:
        raise QueueRefusal(400, "malformed")
    return value


class Relay:
    def __init__(self, config: RelayConfig) -> None:
        self.config = config
        self.pool = AsyncConnectionPool(
            config.db, min_size=1, max_size=config.pool_size, open=False,
            timeout=config.db_timeout, check=AsyncConnectionPool.check_connection,
            # Only a push must be on disk before it is answered (queue.push turns
            # synchronous commit on for it); a lost nonce, lease or receipt after a
            # database crash is harmless (docs/relay.md, "Durability").
            kwargs={"autocommit": True, "connect_timeout": max(1, int(config.db_timeout)),
                    "options": "-c synchronous_commit=off"})

    # --- plumbing ----------------------------------------------------------
    async def _signed(self, request: Request, limit: int, handler: Handler, *,
                      enrolled: bool = True) -> Response:
        """Authenticate the request, then run `handler(conn, signed, request, body)`.
        `enrolled=False`: the signature is checked, the key's enrolment and the nonce
        are left to the handler (a card that vouches for its own key)."""
        agency = "-"
        try:
            try:
                signed = wire.parse_signed_headers(request.headers)
            except ValueError:
                raise QueueRefusal(401, "unauthenticated") from None
            agency = signed.agency
            if abs(time.time() - signed.timestamp) > self.config.clock_window:
                raise QueueRefusal(401, "clock")
            body = await _read_body(request, limit)
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            if not wire.signature_valid(signed, request.method, path, body):
                raise QueueRefusal(401, "bad-signature")
            if not enrolled:
                return await handler(None, signed, request, body)
            async with self.pool.connection() as conn:
                state, fresh = await queue.authenticate(conn, signed.agency, signed.key,
                                                        signed.nonce, signed.timestamp)
                if state != "active":
                    raise QueueRefusal(403, "revoked" if state == "revoked" else "not-enrolled")
                if not fresh:
                    raise QueueRefusal(401, "replay")
                return await handler(conn, signed, request, body)
        except QueueRefusal as refusal:
            log.info("refused %s %s for %s: %s", request.method, request.url.path, agency,
                     refusal.code)
            return _refusal(refusal.status, refusal.code)
        except ClientDisconnect:
            log.info("client went away during %s %s", request.method, request.url.path)
            return Response(status_code=400)
        except (psycopg.OperationalError, PoolTimeout) as error:
            log.warning("database unavailable (%s)", type(error).__name__)
            return _refusal(503, "database-unavailable")

    # --- endpoints ---------------------------------------------------------
    async def health(self, request: Request) -> Response:
        try:
            async with self.pool.connection() as conn:
                await conn.execute("SELECT 1")
        except (psycopg.OperationalError, PoolTimeout):
            return _refusal(503, "database-unavailable")
        return JSONResponse({"status": "ok"})

    async def push(self, request: Request) -> Response:
        packet_id = request.headers.get(wire.PACKET_ID, "")
        recipient = request.headers.get(wire.RECIPIENT, "")

        async def run(conn: Any, signed: wire.SignedHeaders, _r: Request, body: bytes
                      ) -> Response:
            if (not wire.UUID_RE.match(packet_id) or not wire.valid_agency_id(recipient)
                    or not body.startswith(wire.AGE_MAGIC)):
                raise QueueRefusal(400, "malformed")
            state, stored = await queue.push(conn, self.config, signed.agency, recipient,
                                             packet_id, body)
            return JSONResponse({"state": state}, status_code=201 if stored else 200)

        return await self._signed(request, self.config.max_packet_bytes, run)

    async def inbox(self, request: Request) -> Response:
        async def run(conn: Any, signed: wire.SignedHeaders, r: Request, _b: bytes
                      ) -> Response:
            text = r.query_params.get("limit", str(wire.INBOX_PAGE))
            if not text.isdigit() or not 1 <= int(text) <= 200:
                raise QueueRefusal(400, "malformed")
            leased, waiting = await queue.lease_inbox(conn, self.config, signed.agency,
                                                      signed.key, int(text))
            return JSONResponse({"packets": [w.to_dict() for w in leased],
                                 "waiting": waiting})

        return await self._signed(request, SMALL_BODY, run)

    async def download(self, request: Request) -> Response:
        packet_id = request.path_params["packet_id"]

        async def run(conn: Any, signed: wire.SignedHeaders, _r: Request, _b: bytes
                      ) -> Response:
            if not wire.UUID_RE.match(packet_id):
                raise QueueRefusal(400, "malformed")
            data, sender = await queue.download(conn, self.config, signed.agency,
                                                signed.key, packet_id)
            return Response(data, media_type="application/octet-stream",
                            headers={wire.PACKET_ID: packet_id, wire.SENDER: sender})

        return await self._signed(request, SMALL_BODY, run)

    async def receipt(self, request: Request) -> Response:
        packet_id = request.path_params["packet_id"]

        async def run(conn: Any, signed: wire.SignedHeaders, _r: Request, body: bytes
                      ) -> Response:
            outcome = _json_body(body, {"outcome"})["outcome"]
            if not wire.UUID_RE.match(packet_id) or outcome not in wire.OUTCOMES:
                raise QueueRefusal(400, "malformed")
            state = await queue.settle(conn, signed.agency, packet_id, outcome)
            return JSONResponse({"state": state})

        return await self._signed(request, SMALL_BODY, run)

    async def sent(self, request: Request) -> Response:
        async def run(conn: Any, signed: wire.SignedHeaders, _r: Request, body: bytes
                      ) -> Response:
            ids = _json_body(body, {"packet_ids"})["packet_ids"]
            if (not isinstance(ids, list) or len(ids) > wire.MAX_IDS_PER_QUERY
                    or not all(isinstance(i, str) and wire.UUID_RE.match(i) for i in ids)):
                raise QueueRefusal(400, "malformed")
            return JSONResponse({"states": await queue.sent_states(conn, signed.agency, ids)})

        return await self._signed(request, SMALL_BODY, run)

    async def card(self, request: Request) -> Response:
        async def run(_conn: Any, signed: wire.SignedHeaders, _r: Request, body: bytes
                      ) -> Response:
            found = _json_body(body, {"card", "recipients"})
            recipients = found["recipients"]
            if (not isinstance(found["card"], str) or not isinstance(recipients, list)
                    or len(recipients) > wire.MAX_IDS_PER_QUERY
                    or not all(isinstance(r, str) and wire.valid_agency_id(r)
                               for r in recipients)):
                raise QueueRefusal(400, "malformed")
            try:
                card_bytes = b64decode(found["card"])
            except ValueError:
                raise QueueRefusal(400, "malformed") from None
            done, served = await asyncio.to_thread(cards.offer, self.config, signed,
                                                   card_bytes, recipients)
            log.info("card of %s offered by a device: %s", signed.agency, done.verdict.value)
            return JSONResponse({"outcome": done.verdict.value, "served": served})

        return await self._signed(request, CARD_BODY, run, enrolled=False)

    async def newer_cards(self, request: Request) -> Response:
        async def run(conn: Any, signed: wire.SignedHeaders, _r: Request, body: bytes
                      ) -> Response:
            held = _json_body(body, {"held"})["held"]
            if (not isinstance(held, dict) or len(held) > wire.CARDS_PER_QUERY
                    or not all(wire.valid_agency_id(k) and isinstance(v, str)
                               for k, v in held.items())):
                raise QueueRefusal(400, "malformed")
            try:
                times = {k: datetime.fromisoformat(v) for k, v in held.items()}
            except ValueError:
                raise QueueRefusal(400, "malformed") from None
            if any(t.tzinfo is None for t in times.values()):
                raise QueueRefusal(400, "malformed")
            found = await cards.newer_cards(conn, signed.agency, times)
            return JSONResponse({"cards": [b64encode(c) for c in found]})

        return await self._signed(request, SMALL_BODY, run)

    # --- background ----------------------------------------------------------
    async def sweeper(self) -> None:
        while True:
            await asyncio.sleep(self.config.sweep_seconds)
            try:
                async with self.pool.connection() as conn, conn.transaction():
                    expired, forgotten = await queue.sweep(conn, self.config)
                if expired or forgotten:
                    log.info("expired %d unclaimed packets, forgot %d settled ones",
                             expired, forgotten)
            except (psycopg.Error, PoolTimeout) as error:
                log.warning("clean-up skipped: database unavailable (%s)",
                            type(error).__name__)

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        await self.pool.open(wait=False)
        task = asyncio.create_task(self.sweeper())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await self.pool.close()


def create_app(config: RelayConfig) -> Starlette:
    relay = Relay(config)
    routes = [
        Route(wire.HEALTH, relay.health, methods=["GET"]),
        Route(wire.PACKETS, relay.push, methods=["POST"]),
        Route(wire.INBOX, relay.inbox, methods=["GET"]),
        Route(wire.PACKETS + "/{packet_id}", relay.download, methods=["GET"]),
        Route(wire.PACKETS + "/{packet_id}/receipt", relay.receipt, methods=["POST"]),
        Route(wire.SENT, relay.sent, methods=["POST"]),
        Route(wire.CARD, relay.card, methods=["POST"]),
        Route(wire.CARDS, relay.newer_cards, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=relay.lifespan)
