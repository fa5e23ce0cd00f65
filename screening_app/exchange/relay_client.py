"""The device's side of the relay protocol (`exchange.relay_protocol`) over HTTP
(httpx): push a packet, lease the inbox, download, send the signed receipt, ask
what became of sent packets, offer this agency's key card, ask for partners'
newer cards. Every failure is a `Refused` with a translated line that says
nothing was lost; `RelayUnreachable` when no answer came at all.

When the relay does not know this device's key (the agency rotated its keys since
it was enrolled), the client offers the agency's current card once, whose
key-change statement lets the relay enrol the new key, and repeats the request.

Nothing here touches the database: `exchange.relay_sync` puts it in the sync flow.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from screening_app.errors import Refused
from screening_app.exchange import relay_protocol as wire
from screening_app.exchange.canonical import b64decode, b64encode, canonical_bytes
from screening_app.exchange.cards import MAX_CARD_BYTES
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.packet import MAX_PACKET_BYTES
from screening_app.i18n import _

MAX_JSON_REPLY = 1024 * 1024


class RelayUnreachable(Refused):
    """No answer: no network, the relay or its proxy is down, or the line broke."""


class RelayRefusal(Refused):
    """The relay answered with a refusal; `code` is the protocol's error code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def check_relay_url(text: str) -> str:
    """The relay address without a trailing slash, or Refused saying what is wrong."""
    url = text.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or \
            parts.fragment or parts.username or parts.password:
        raise Refused(_("This is not a relay address. Write it like "
                        "https://relay.example.org (ask the relay operator)."))
    try:
        parts.port   # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise Refused(_("This is not a relay address. Write it like "
                        "https://relay.example.org (ask the relay operator).")) from None
    return url


def refusal_message(code: str, *, server_time: str | None = None,
                    agency: str | None = None) -> str:
    """The user's line for a protocol error code."""
    if code == "clock":
        minutes = "?"
        if server_time and server_time.isdigit():
            minutes = str(round(abs(time.time() - int(server_time)) / 60))
        return _("The relay refused the request because this computer's clock is off by "
                 "about {minutes} minutes. Set the date and time correctly, then sync "
                 "again; nothing was lost.").format(minutes=minutes)
    texts = {
        "not-enrolled": _("This agency's key card is not enrolled on the relay (or its keys "
                          "changed). Give the relay operator your key card; nothing was "
                          "lost."),
        "revoked": _("This agency's keys are revoked on the relay. Talk to the relay "
                     "operator; nothing was lost."),
        "database-unavailable": _("The relay is running but its database is not available. "
                                  "Nothing was lost; sync again later."),
        "too-large": _("The relay refuses a packet this large; it stays in the outbox. Send "
                       "it by USB stick."),
        "unknown-recipient": _("The relay does not serve the agency {agency}; the packet "
                               "stays in the outbox. Ask the relay operator to enrol that "
                               "agency, or send it by USB stick."),
        "conflict": _("The relay holds a different packet with the same id; this one stays "
                      "in the outbox."),
        "card-refused": _("The relay refused this agency's new key card (older than the one "
                          "it holds, dated in the future, or with revoked keys). Give the "
                          "relay operator your key card; nothing was lost."),
    }
    if code in texts:
        return texts[code].format(agency=agency or "?")
    return _("The relay refused the request ({code}). Nothing was lost; sync again, and tell "
             "the relay operator if it happens again.").format(code=code)


def _error_code(status: int, content: bytes) -> str:
    try:
        code = json.loads(content)["error"]
    except (ValueError, KeyError, TypeError):
        code = None
    if isinstance(code, str) and code in wire.ERRORS:
        return code
    return f"HTTP {status}"


def _json(content: bytes) -> dict[str, Any]:
    try:
        value = json.loads(content)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise RelayRefusal(refusal_message("malformed"), "malformed")
    return value


@dataclass(frozen=True)
class Waiting:
    packet_id: str
    sender: str
    size: int


class RelayClient:
    """One device talking to one relay; use as a context manager (closes the
    connections)."""

    def __init__(self, url: str, identity: DeviceIdentity, agency_id: str, *,
                 timeout: float = 30.0, own_card: Callable[[], bytes] | None = None) -> None:
        self.url = check_relay_url(url)
        self.identity = identity
        self.agency_id = agency_id
        self.own_card = own_card        # offered once when the relay does not know our key
        self.card_offered = False
        self.http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                 follow_redirects=False, trust_env=False)

    def __enter__(self) -> RelayClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url

    # --- requests ----------------------------------------------------------
    def _request(self, method: str, path: str, body: bytes = b"",
                 headers: dict[str, str] | None = None, *,
                 limit: int = MAX_JSON_REPLY, agency: str | None = None) -> bytes:
        """The body of the relay's answer (read within `limit`), or Refused."""
        try:
            return self._request_once(method, path, body, headers, limit=limit, agency=agency)
        except RelayRefusal as refusal:
            if refusal.code != "not-enrolled" or self.own_card is None or self.card_offered:
                raise
            self.card_offered = True
            try:
                self.offer_card(self.own_card(), [])
            except RelayRefusal:
                raise refusal from None
        return self._request_once(method, path, body, headers, limit=limit, agency=agency)

    def _request_once(self, method: str, path: str, body: bytes,
                      headers: dict[str, str] | None, *, limit: int,
                      agency: str | None) -> bytes:
        signed = wire.sign_request(self.identity, self.agency_id, method, path, body)
        chunks: list[bytes] = []
        try:
            with self.http.stream(method, self.url + path, content=body,
                                  headers={**signed, **(headers or {})}) as response:
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise RelayRefusal(refusal_message("malformed"), "malformed")
                    chunks.append(chunk)
        except httpx.HTTPError:
            raise RelayUnreachable(_(
                "The relay at {host} cannot be reached (no network, or the relay is down). "
                "Nothing was lost: packets stay in the outbox; sync again later.").format(
                    host=self.host)) from None
        content = b"".join(chunks)
        if response.status_code >= 400:
            code = _error_code(response.status_code, content)
            raise RelayRefusal(refusal_message(code, server_time=response.headers.get(
                wire.TIME), agency=agency), code)
        return content

    # --- operations ----------------------------------------------------------
    def health(self) -> bool:
        try:
            return self.http.get(self.url + wire.HEALTH).status_code == 200
        except httpx.HTTPError:
            return False

    def push(self, packet_id: str, recipient: str, data: bytes) -> str:
        """Give the relay a packet: its state there ("waiting", or "delivered" etc.
        when it was given before)."""
        if len(data) > MAX_PACKET_BYTES:
            raise RelayRefusal(refusal_message("too-large"), "too-large")
        reply = _json(self._request("POST", wire.PACKETS, data, {
            wire.PACKET_ID: packet_id, wire.RECIPIENT: recipient,
            "Content-Type": "application/octet-stream"}, agency=recipient))
        return str(reply.get("state"))

    def inbox(self, limit: int = wire.INBOX_PAGE) -> tuple[list[Waiting], int]:
        """Lease the next waiting packets to this device: (packets, total waiting)."""
        reply = _json(self._request("GET", f"{wire.INBOX}?limit={limit}"))
        try:
            found = [Waiting(str(p["packet_id"]), str(p["sender"]), int(p["size"]))
                     for p in reply["packets"]]
            waiting = int(reply["waiting"])
        except (KeyError, TypeError, ValueError):
            raise RelayRefusal(refusal_message("malformed"), "malformed") from None
        if not all(wire.UUID_RE.match(w.packet_id) for w in found):
            raise RelayRefusal(refusal_message("malformed"), "malformed")
        return found, waiting

    def download(self, packet_id: str) -> bytes:
        return self._request("GET", wire.packet_path(packet_id), limit=MAX_PACKET_BYTES)

    def settle(self, packet_id: str, outcome: str) -> str:
        """The signed receipt: this agency holds the packet (or refused it)."""
        body = canonical_bytes({"outcome": outcome})
        return str(_json(self._request("POST", wire.packet_path(packet_id, "receipt"),
                                            body)).get("state"))

    def offer_card(self, card: bytes, recipients: list[str]) -> tuple[str, list[str]]:
        """Give the relay this agency's own key card: (what the relay did: new,
        updated, unchanged, keys-changed or revoked; the `recipients` it serves,
        who can now fetch the card from it)."""
        self.card_offered = True
        body = canonical_bytes({"card": b64encode(card), "recipients": recipients})
        reply = _json(self._request_once("POST", wire.CARD, body, None, limit=MAX_JSON_REPLY,
                                         agency=None))
        served = reply.get("served")
        if not isinstance(served, list):
            raise RelayRefusal(refusal_message("malformed"), "malformed")
        return str(reply.get("outcome")), [str(r) for r in served if r in recipients]

    def newer_cards(self, held: dict[str, str]) -> list[bytes]:
        """The cards the relay holds for the agencies in `held` (agency id -> issue
        time of the card held here) that are newer than those."""
        found: list[bytes] = []
        ids = sorted(held)
        for start in range(0, len(ids), wire.CARDS_PER_QUERY):
            chunk = {k: held[k] for k in ids[start:start + wire.CARDS_PER_QUERY]}
            reply = _json(self._request("POST", wire.CARDS, canonical_bytes({"held": chunk}),
                                        limit=2 * MAX_CARD_BYTES * wire.CARDS_PER_QUERY))
            cards = reply.get("cards")
            if not isinstance(cards, list) or not all(isinstance(c, str) for c in cards):
                raise RelayRefusal(refusal_message("malformed"), "malformed")
            try:
                found += [b64decode(c) for c in cards]
            except ValueError:
                raise RelayRefusal(refusal_message("malformed"), "malformed") from None
        return found

    def sent_states(self, packet_ids: list[str]) -> dict[str, str]:
        """What became of packets this agency gave the relay."""
        states: dict[str, str] = {}
        for start in range(0, len(packet_ids), wire.MAX_IDS_PER_QUERY):
            chunk = packet_ids[start:start + wire.MAX_IDS_PER_QUERY]
            body = canonical_bytes({"packet_ids": chunk})
            reply = _json(self._request("POST", wire.SENT, body)).get("states")
            if not isinstance(reply, dict):
                raise RelayRefusal(refusal_message("malformed"), "malformed")
            states.update({k: str(v) for k, v in reply.items()
                           if k in chunk and v in wire.STATES})
        return states
