"""Sync through a relay: the relay transport of the one sync flow (`exchange.sync`)
and what the program remembers about it (address, last success, last failure).

Key cards first: the relay gives the cards it holds for partners that are newer
than ours, and those that follow by a signed key change are taken in. Then pull:
lease the inbox page by page, import each packet, then send the
relay its signed receipt (it deletes the packet); then ask what became of packets
pushed before (an officer learns when one expired unclaimed; one the relay lost is
queued again); then push the outbox (receipts just made included). Every step can
be repeated: a push is recognised by its packet id, an imported packet is not
downloaded again, a receipt twice is harmless. A broken line stops the sync with
one line; nothing is lost. Last, when this agency's keys were rotated, its new
card goes to the relay, which enrols it by the key-change statement inside and
gives it to every partner syncing there. (A relay that no longer knows this
device's key, because the keys were rotated, is offered the card at once:
`RelayClient.own_card`.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.directory import AgencyDirectory, CardImport
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import short_id
from screening_app.exchange.relay_client import (
    RelayClient,
    RelayRefusal,
    RelayUnreachable,
    check_relay_url,
    refusal_message,
)
from screening_app.exchange.relay_protocol import STATES
from screening_app.exchange.rotation import card_sent, cards_waiting, follow
from screening_app.exchange.sync import (
    Incoming,
    PacketHeld,
    Progress,
    SkipPacket,
    SyncReport,
    run_sync,
)
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.storage import Session

URL_KEY = "sync_relay_url"
INTERVAL_KEY = "sync_interval_minutes"
LAST_SUCCESS_KEY = "sync_last_success"
LAST_FAILURE_KEY = "sync_last_failure"
DEFAULT_INTERVAL = 5            # minutes between background syncs
UNREACHABLE = "unreachable"
# Refusals of one packet's push: the others still go, this one stays queued.
HOLD_CODES = frozenset({"unknown-recipient", "too-large", "conflict"})
# A listed packet that another device took, or that expired, since it was listed.
GONE_CODES = frozenset({"held", "expired", "not-found"})


class RelayTransport:
    via_relay = True

    def __init__(self, session: Session, client: RelayClient) -> None:
        self.session = session
        self.client = client
        self.expected = 0
        self._left = 0          # packets leased to us but left on the relay (try later)

    def follow_cards(self, session: Session) -> list[CardImport]:
        """Take in the partners' newer cards the relay holds, where they follow from
        the cards held here (rotation.follow)."""
        held = {e.agency.id: e.card.issued.isoformat()
                for e in AgencyDirectory(session).entries() if e.card is not None}
        return follow(session, self.client.newer_cards(held)) if held else []

    def post_cards(self, session: Session) -> int:
        """Give the relay this agency's new card: it is sent to every partner the
        relay serves (the others get it by folder)."""
        waiting = cards_waiting(session)
        if not waiting:
            return 0
        card = AgencyDirectory(session).own_card()
        _outcome, served = self.client.offer_card(card.to_bytes(),
                                                  sorted({r for r, _c, _f in waiting}))
        sent = [(recipient, fingerprint) for recipient, _card, fingerprint in waiting
                if recipient in served]
        for recipient, fingerprint in sent:
            card_sent(session, recipient, fingerprint)
        return len(sent)

    def incoming(self) -> Iterator[Incoming]:
        given: set[str] = set()
        while True:
            page, waiting = self.client.inbox()
            self.expected = len(given) + waiting - self._left
            new = [w for w in page if w.packet_id not in given]
            if not new:
                return
            for waiting_packet in new:
                given.add(waiting_packet.packet_id)
                yield Incoming(short_id(waiting_packet.packet_id), waiting_packet.packet_id)

    def read(self, item: Incoming) -> bytes:
        try:
            return self.client.download(item.packet_id)
        except RelayRefusal as refusal:
            if refusal.code in GONE_CODES:
                raise SkipPacket from None
            raise

    def settle(self, item: Incoming, outcome: str | None) -> None:
        if outcome is None:
            self._left += 1
            return
        self.client.settle(item.packet_id, outcome)

    def send(self, packet_id: str, recipient: str, data: bytes) -> None:
        try:
            state = self.client.push(packet_id, recipient, data)
        except RelayRefusal as refusal:
            if refusal.code in HOLD_CODES:
                raise PacketHeld(refusal.message) from None
            raise
        now = utc_now().isoformat()
        with self.session.transaction() as cur:
            cur.execute(
                "INSERT INTO exchange_relay_sent (packet_id, relay, pushed_at, state) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (packet_id) DO UPDATE SET "
                "state = excluded.state", (packet_id, self.client.url, now,
                                           state if state in STATES else "unknown"))

    def check_sent(self, session: Session, report: SyncReport) -> None:
        """Ask this relay what became of the packets still waiting there: expired or
        refused ones are reported; ones it does not know (its database was restored
        from an older backup) are queued again and sent now."""
        rows = session.database.query(
            "SELECT s.packet_id FROM exchange_relay_sent s JOIN exchange_outbox o "
            "USING (packet_id) WHERE s.state = 'waiting' AND o.state <> 'received' "
            "AND s.relay = ? ORDER BY s.pushed_at", (self.client.url,))
        ids = [str(r[0]) for r in rows]
        if not ids:
            return
        states = self.client.sent_states(ids)
        now = utc_now().isoformat()
        with session.transaction() as cur:
            for packet_id, state in states.items():
                if state == "waiting":
                    continue
                cur.execute("UPDATE exchange_relay_sent SET state = ?, checked_at = ? "
                            "WHERE packet_id = ?", (state, now, packet_id))
                if state == "unknown":
                    cur.execute("UPDATE exchange_outbox SET state = 'queued' "
                                "WHERE packet_id = ? AND state = 'copied'", (packet_id,))
                    report.resent += 1
                elif state in ("expired", "refused"):
                    report.undelivered.append((packet_id, state))
                if state != "delivered":
                    session.audit.record("packet_relay_state", detail={
                        "packet": packet_id, "state": state})


def relay_url(session: Session) -> str | None:
    value = session.settings.get(URL_KEY)
    return str(value) if value else None


def set_relay_url(session: Session, url: str | None) -> str | None:
    """Store (or with None/"" forget) the relay address of this device."""
    if not url or not url.strip():
        session.settings.delete(URL_KEY, device=True)
        return None
    checked = check_relay_url(url)
    session.settings.set(URL_KEY, checked, device=True)
    return checked


def sync_interval(session: Session) -> int:
    return max(1, int(session.settings.get(INTERVAL_KEY) or DEFAULT_INTERVAL))


@dataclass(frozen=True)
class RelayStatus:
    url: str | None
    last_success: datetime | None
    last_failure: datetime | None
    failure_code: str | None      # UNREACHABLE or a protocol error code
    outbox_waiting: int           # queued packets not yet sent

    @property
    def failing(self) -> bool:
        return self.last_failure is not None and (
            self.last_success is None or self.last_failure > self.last_success)

    def failure_message(self) -> str:
        if self.failure_code == UNREACHABLE:
            return _("The relay cannot be reached. Nothing is lost: packets stay in the "
                     "outbox and go at the next sync.")
        return refusal_message(self.failure_code or "?")


def relay_status(session: Session) -> RelayStatus:
    success = session.settings.get(LAST_SUCCESS_KEY)
    failure = session.settings.get(LAST_FAILURE_KEY) or {}
    waiting = int(session.database.query(
        "SELECT count(*) FROM exchange_outbox WHERE state = 'queued'")[0][0])
    return RelayStatus(
        url=relay_url(session),
        last_success=datetime.fromisoformat(success) if success else None,
        last_failure=datetime.fromisoformat(failure["at"]) if failure.get("at") else None,
        failure_code=failure.get("code"), outbox_waiting=waiting)


def sync_relay(session: Session, url: str | None = None, progress: Progress | None = None,
               importer: Importer | None = None) -> SyncReport:
    """Sync with the relay at `url` (default: the address in Settings)."""
    url = url or relay_url(session)
    if not url:
        raise Refused(_("No relay address is set. Enter it in Settings, under \"Sync with a "
                        "relay\" (ask your relay operator), or sync with a folder."))
    directory = AgencyDirectory(session)
    identity, own = directory.identity(), directory.own_agency()
    try:
        with RelayClient(url, identity, own.id,
                         own_card=lambda: directory.own_card().to_bytes()) as client:
            report = run_sync(session, RelayTransport(session, client), progress, importer)
    except RelayUnreachable:
        _remember_failure(session, UNREACHABLE)
        raise
    except RelayRefusal as refusal:
        _remember_failure(session, refusal.code)
        raise
    session.settings.set(LAST_SUCCESS_KEY, utc_now().isoformat(), device=True)
    return report


def _remember_failure(session: Session, code: str) -> None:
    try:
        session.settings.set(LAST_FAILURE_KEY, {"at": utc_now().isoformat(), "code": code},
                             device=True)
    except Refused:      # a full disk must not hide the relay's own message
        pass
