"""Sync: import the packets waiting for this agency, then send every queued
packet (receipts of what was just imported included). One flow, two transports:
a folder (USB stick, shared drive; here) and a relay (`exchange.relay_sync`).

Folder: packets are named `<packet id>.srp`; they are written to a temporary
name and renamed, so another installation never sees half a packet. Running sync
again changes nothing: sent packets are not sent twice, imported packets are
recognised by their id (and not even read again).

Key cards travel with the packets, by either transport (exchange/rotation.py):
first the cards that follow from a held card by a signed key change are taken in
(a folder's `*.card` files, or the cards a relay holds for partners), then this
agency's new card, when its keys were rotated, goes out (`*.card` files, or to the
relay, which accepts it by the key-change statement and serves it to partners).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from screening_app.domain import ReferralStatus
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.directory import CardImport
from screening_app.exchange.importer import Importer, ImportResult, set_referral_status
from screening_app.exchange.packet import MAX_PACKET_BYTES, PacketRefused, short_id
from screening_app.exchange.relay_protocol import DELIVERED, REFUSED
from screening_app.exchange.rotation import follow_cards, post_cards
from screening_app.i18n import _, ngettext
from screening_app.storage.datadir import write_atomically

if TYPE_CHECKING:
    from screening_app.storage import Session

SUFFIX = ".srp"
# Packets on a shared drive that belong to others: skipped quietly.
NOT_FOR_US = frozenset({"wrong-recipient", "own-packet"})
# Refusals that may pass later (import the senders' cards first): the packet stays.
TRY_AGAIN = frozenset({"quarantine-full"})

# progress(done, total, what): what is a short, personal-data-free line
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    copied: int = 0                       # packets sent (to the folder or the relay)
    imported: list[ImportResult] = field(default_factory=list)
    unchanged: int = 0
    not_for_us: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)   # (file name, message)
    held: list[tuple[str, str]] = field(default_factory=list)      # not sent: (packet, why)
    undelivered: list[tuple[str, str]] = field(default_factory=list)  # relay: (id, state)
    resent: int = 0                       # relay: packets it had lost, sent again
    via_relay: bool = False
    cards: list[CardImport] = field(default_factory=list)   # key changes followed
    cards_posted: int = 0                 # partners this agency's new card went to

    @property
    def quarantined(self) -> int:
        return sum(1 for r in self.imported if not r.ok)

    @property
    def complete(self) -> bool:
        """Nothing refused, held back or quarantined."""
        return not (self.refused or self.held or self.quarantined or self.undelivered)

    def summary(self) -> str:
        changed = sum(1 for r in self.imported if r.changed)
        refused = len(self.refused)
        imported = ngettext("{n} imported", "{n} imported", changed).format(n=changed)
        quarantined = ngettext("{n} held in quarantine", "{n} held in quarantine",
                               self.quarantined).format(n=self.quarantined)
        refusals = ngettext("{n} refused", "{n} refused", refused).format(n=refused)
        if self.via_relay:
            return _("Sync with the relay done: {sent}, {imported}, {quarantined}, {refused}, "
                     "{held}.").format(
                sent=ngettext("{n} packet sent", "{n} packets sent", self.copied).format(
                    n=self.copied),
                imported=imported, quarantined=quarantined, refused=refusals,
                held=ngettext("{n} still in the outbox", "{n} still in the outbox",
                              len(self.held)).format(n=len(self.held)))
        return _("Sync done: {copied}, {imported}, {quarantined}, {refused}, {skipped}.").format(
            copied=ngettext("{n} packet copied", "{n} packets copied", self.copied).format(
                n=self.copied),
            imported=imported, quarantined=quarantined, refused=refusals,
            skipped=ngettext("{n} not for this agency", "{n} not for this agency",
                             self.not_for_us).format(n=self.not_for_us))

    def lines(self, command_line: bool = True) -> list[str]:
        """What a person should read besides the summary (hints fit the CLI or the GUI)."""
        found = [followed.describe(command_line) for followed in self.cards]
        found += [f"{name}: {message}" for name, message in self.refused]
        found += [result.describe() for result in self.imported
                  if result.changed or not result.ok]
        found += [f"{packet}: {message}" for packet, message in self.held]
        if self.resent:
            found.append(ngettext(
                "{count} packet was missing on the relay (restored from an older backup?) "
                "and was sent again.",
                "{count} packets were missing on the relay (restored from an older backup?) "
                "and were sent again.", self.resent).format(count=self.resent))
        if self.cards_posted:
            found.append(ngettext(
                "This agency's new key card went to {n} partner.",
                "This agency's new key card went to {n} partners.",
                self.cards_posted).format(n=self.cards_posted))
        for packet_id, state in self.undelivered:
            text = (_("Packet {packet} expired on the relay: the agency did not fetch it in "
                      "time. Export the case again or send it by USB stick.")
                    if state == "expired" else
                    _("Packet {packet} was refused by the receiving agency (it could not "
                      "open or verify it). Check their key card and export the case again."))
            found.append(text.format(packet=short_id(packet_id)))
        return found


@dataclass(frozen=True)
class Incoming:
    name: str             # for messages: the file name or the short packet id
    packet_id: str


class PacketHeld(Refused):
    """A queued packet the transport could not send this time; it stays queued."""


class SkipPacket(Exception):
    """The transport cannot give this packet now (another device of the agency
    holds it, or it expired meanwhile): pass over it quietly."""


class Transport(Protocol):
    """Where packets and key cards come from and go to. `expected` is the number
    of incoming packets known so far (for progress)."""

    expected: int
    via_relay: bool

    def follow_cards(self, session: Session) -> list[CardImport]: ...

    def post_cards(self, session: Session) -> int: ...

    def incoming(self) -> Iterable[Incoming]: ...

    def read(self, item: Incoming) -> bytes: ...

    def settle(self, item: Incoming, outcome: str | None) -> None: ...

    def send(self, packet_id: str, recipient: str, data: bytes) -> None: ...

    def check_sent(self, session: Session, report: SyncReport) -> None: ...


def packet_file_name(packet_id: str) -> str:
    return packet_id + SUFFIX


def run_sync(session: Session, transport: Transport, progress: Progress | None = None,
             importer: Importer | None = None) -> SyncReport:
    """Follow the key cards `transport` brings, import its packets, then send the
    outbox and this agency's new key card through it."""
    importer = importer or Importer(session)
    report = SyncReport(via_relay=transport.via_relay, cards=transport.follow_cards(session))
    for followed in report.cards:     # packets held until this agency's keys were known
        report.imported += [r for r in importer.release_quarantine(followed.agency_id)
                            if isinstance(r, ImportResult)]
    done = 0
    queued_before = len(_queued(session))

    def tell(what: str, total: int) -> None:
        if progress is not None:
            progress(done, total, what)

    ours = {str(r[0]) for r in session.database.query("SELECT packet_id FROM exchange_outbox")}
    seen = {str(r[0]) for r in session.database.query(
        "SELECT packet_id FROM exchange_packets_seen")}
    for item in transport.incoming():   # uuid7 ids sort by time: a referral before its updates
        tell(_("Reading packet {packet}").format(packet=short_id(item.packet_id)),
             transport.expected + queued_before)
        done += 1
        if item.packet_id in ours or item.packet_id in seen:
            report.unchanged += 1
            transport.settle(item, DELIVERED)     # held here already: the relay may let go
            continue
        transport.settle(item, _import(importer, transport, item, report))

    transport.check_sent(session, report)     # relay: expired ones; lost ones queued again
    queued = _queued(session)
    total = done + len(queued)
    for packet_id, recipient in queued:
        tell(_("Sending packet {packet}").format(packet=short_id(packet_id)), total)
        done += 1
        data = bytes(session.database.query(
            "SELECT data FROM exchange_outbox WHERE packet_id = ?", (packet_id,))[0][0])
        try:
            transport.send(packet_id, recipient, data)
        except PacketHeld as held:
            report.held.append((short_id(packet_id), held.message))
            continue
        _mark_sent(session, packet_id)
        report.copied += 1
    report.cards_posted = transport.post_cards(session)
    tell(report.summary(), total)
    return report


def _queued(session: Session) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in session.database.query(
        "SELECT packet_id, recipient FROM exchange_outbox WHERE state = 'queued' "
        "ORDER BY created_at")]


def _import(importer: Importer, transport: Transport, item: Incoming,
            report: SyncReport) -> str | None:
    """Import one packet: what to tell its transport (delivered, refused, or None:
    leave it where it is for a later try). A transport that fails as a whole (the
    relay cannot be reached) stops the sync: its error passes through."""
    try:
        data = transport.read(item)
    except SkipPacket:
        return None
    except PacketRefused as refused:       # e.g. a file far too large for a packet
        return _refused(report, item, refused)
    except OSError:
        report.refused.append((item.name, _("The file could not be read.")))
        return None
    try:
        result = importer.import_packet(data, unaudited=NOT_FOR_US)
    except PacketRefused as refused:
        return _refused(report, item, refused)
    except Refused as refused:      # e.g. an update of a case this user may not open
        report.refused.append((item.name, refused.message))
        return None
    if result.status in ("already-imported", "older-version", "already-quarantined"):
        report.unchanged += 1
    report.imported.append(result)
    return DELIVERED


def _refused(report: SyncReport, item: Incoming, refused: PacketRefused) -> str | None:
    if refused.code in NOT_FOR_US and not report.via_relay:
        report.not_for_us += 1
        return None
    report.refused.append((item.name, refused.message))
    return None if refused.code in TRY_AGAIN else REFUSED


def _mark_sent(session: Session, packet_id: str) -> None:
    with session.transaction() as cur:
        cur.execute("UPDATE exchange_outbox SET state = 'copied', copied_at = ? "
                    "WHERE packet_id = ? AND state = 'queued'",
                    (utc_now().isoformat(), packet_id))
        row = cur.execute("SELECT case_id, referral_id FROM exchange_outbox WHERE "
                          "packet_id = ?", (packet_id,)).fetchone()
        if row is not None and row[1]:
            set_referral_status(session, row[0], row[1], ReferralStatus.SENT)
        session.audit.record("packet_copied", detail={"packet": packet_id})


class FolderTransport:
    via_relay = False

    def __init__(self, folder: Path, importer: Importer) -> None:
        if not folder.is_dir():
            raise Refused(_("The sync folder does not exist or is not a folder; nothing was "
                            "copied. Plug in the drive or choose another folder."))
        self.folder = folder
        self.importer = importer
        self.files = sorted(p for p in folder.glob("*" + SUFFIX) if p.is_file())
        self.expected = len(self.files)

    def follow_cards(self, session: Session) -> list[CardImport]:
        return follow_cards(session, self.folder)

    def post_cards(self, session: Session) -> int:
        return post_cards(session, self.folder)

    def incoming(self) -> Iterable[Incoming]:
        return [Incoming(p.name, p.name.removesuffix(SUFFIX)) for p in self.files]

    def read(self, item: Incoming) -> bytes:
        path = self.folder / item.name
        if path.stat().st_size > MAX_PACKET_BYTES:   # never read a huge file into memory
            self.importer.audit_refusal("too-large")
            raise PacketRefused(_("Packet refused: the file is larger than a packet may be. "
                                  "Nothing was imported."), "too-large")
        return path.read_bytes()

    def settle(self, item: Incoming, outcome: str | None) -> None:
        """The file stays: other agencies may read the same drive."""

    def send(self, packet_id: str, recipient: str, data: bytes) -> None:
        target = self.folder / packet_file_name(packet_id)
        try:
            if not (target.exists() and target.read_bytes() == data):
                write_atomically(target, data)      # temp name, fsync, rename
        except OSError:
            raise Refused(_("Could not write to the sync folder (full or read-only); the "
                            "packets not yet copied stay queued.")) from None

    def check_sent(self, session: Session, report: SyncReport) -> None:
        """Nothing to ask a folder."""


def sync_folder(session: Session, folder: Path, progress: Progress | None = None,
                importer: Importer | None = None) -> SyncReport:
    """Import the packets in `folder` addressed to this agency, then copy every
    queued packet (receipts of what was just imported included) to it."""
    importer = importer or Importer(session)
    return run_sync(session, FolderTransport(folder, importer), progress, importer)
