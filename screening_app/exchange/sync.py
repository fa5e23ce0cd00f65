"""Sync with a folder (USB stick, shared drive): copy queued outbox packets to it
and import the packets in it that are addressed to this agency.

Packets are named `<packet id>.srp`; they are written to a temporary name and
renamed, so another installation never sees half a packet. Running sync again
changes nothing: copied packets are not copied twice, imported packets are
recognised by their id. Key cards travel the same way (exchange/rotation.py):
new cards of this agency are written as `*.card`, and cards in the folder that
follow from a held card by a signed key change are imported first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from screening_app.domain import ReferralStatus
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.directory import CardImport
from screening_app.exchange.importer import Importer, ImportResult, set_referral_status
from screening_app.exchange.packet import MAX_PACKET_BYTES, PacketRefused, short_id
from screening_app.exchange.rotation import follow_cards, post_cards
from screening_app.i18n import _, ngettext
from screening_app.storage.datadir import write_atomically

if TYPE_CHECKING:
    from screening_app.storage import Session

SUFFIX = ".srp"
# Packets on a shared drive that belong to others: skipped quietly.
NOT_FOR_US = frozenset({"wrong-recipient", "own-packet"})

# progress(done, total, what): what is a short, personal-data-free line
Progress = Callable[[int, int, str], None]


@dataclass
class SyncReport:
    copied: int = 0
    imported: list[ImportResult] = field(default_factory=list)
    unchanged: int = 0
    not_for_us: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)   # (file name, message)
    cards: list[CardImport] = field(default_factory=list)   # key changes followed
    cards_posted: int = 0

    @property
    def quarantined(self) -> int:
        return sum(1 for r in self.imported if not r.ok)

    def summary(self) -> str:
        changed = sum(1 for r in self.imported if r.changed)
        refused = len(self.refused)
        return _("Sync done: {copied}, {imported}, {quarantined}, {refused}, {skipped}.").format(
            copied=ngettext("{n} packet copied", "{n} packets copied", self.copied).format(
                n=self.copied),
            imported=ngettext("{n} imported", "{n} imported", changed).format(n=changed),
            quarantined=ngettext("{n} held in quarantine", "{n} held in quarantine",
                                 self.quarantined).format(n=self.quarantined),
            refused=ngettext("{n} refused", "{n} refused", refused).format(n=refused),
            skipped=ngettext("{n} not for this agency", "{n} not for this agency",
                             self.not_for_us).format(n=self.not_for_us))


def packet_file_name(packet_id: str) -> str:
    return packet_id + SUFFIX


def sync_folder(session: Session, folder: Path, progress: Progress | None = None,
                importer: Importer | None = None) -> SyncReport:
    """Import the packets in `folder` addressed to this agency, then copy every
    queued packet (receipts of what was just imported included) to it."""
    if not folder.is_dir():
        raise Refused(_("The sync folder does not exist or is not a folder; nothing was "
                        "copied. Plug in the drive or choose another folder."))
    importer = importer or Importer(session)
    report = SyncReport(cards=follow_cards(session, folder))
    for followed in report.cards:
        report.imported += [r for r in importer.release_quarantine(followed.agency_id)
                            if isinstance(r, ImportResult)]
    incoming = sorted(p for p in folder.glob("*" + SUFFIX) if p.is_file())
    total = len(incoming) + len(_queued(session))
    done = 0

    def tell(what: str) -> None:
        if progress is not None:
            progress(done, total, what)

    ours = {str(r[0]) for r in session.database.query("SELECT packet_id FROM exchange_outbox")}
    seen = {str(r[0]) for r in session.database.query(
        "SELECT packet_id FROM exchange_packets_seen")}
    for path in incoming:   # uuid7 names sort by time: a referral before its updates
        stem = path.name.removesuffix(SUFFIX)
        tell(_("Reading packet {packet}").format(packet=short_id(stem)))
        done += 1
        if stem in ours or stem in seen:
            report.unchanged += 1
            continue
        _import_file(importer, path, report)

    queued = _queued(session)
    total = done + len(queued)
    for packet_id in queued:
        tell(_("Copying packet {packet}").format(packet=short_id(packet_id)))
        _copy(session, folder, packet_id)
        report.copied += 1
        done += 1
    report.cards_posted = post_cards(session, folder)
    tell(report.summary())
    return report


def _queued(session: Session) -> list[str]:
    return [str(r[0]) for r in session.database.query(
        "SELECT packet_id FROM exchange_outbox WHERE state = 'queued' ORDER BY created_at")]


def _import_file(importer: Importer, path: Path, report: SyncReport) -> None:
    try:
        if path.stat().st_size > MAX_PACKET_BYTES:   # never read a huge file into memory
            importer.audit_refusal("too-large")
            raise PacketRefused(_("Packet refused: the file is larger than a packet may be. "
                                  "Nothing was imported."), "too-large")
        result = importer.import_packet(path.read_bytes(), unaudited=NOT_FOR_US)
    except PacketRefused as refused:
        if refused.code in NOT_FOR_US:
            report.not_for_us += 1
        else:
            report.refused.append((path.name, refused.message))
        return
    except Refused as refused:      # e.g. an update of a case this user may not open
        report.refused.append((path.name, refused.message))
        return
    except OSError:
        report.refused.append((path.name, _("The file could not be read.")))
        return
    if result.status in ("already-imported", "older-version", "already-quarantined"):
        report.unchanged += 1
    report.imported.append(result)


def _copy(session: Session, folder: Path, packet_id: str) -> None:
    data = bytes(session.database.query(
        "SELECT data FROM exchange_outbox WHERE packet_id = ?", (packet_id,))[0][0])
    target = folder / packet_file_name(packet_id)
    try:
        if not (target.exists() and target.read_bytes() == data):
            write_atomically(target, data)      # temp name, fsync, rename
    except OSError:
        raise Refused(_("Could not write to the sync folder (full or read-only); the "
                        "packets not yet copied stay queued.")) from None
    with session.transaction() as cur:
        cur.execute("UPDATE exchange_outbox SET state = 'copied', copied_at = ? "
                    "WHERE packet_id = ? AND state = 'queued'",
                    (utc_now().isoformat(), packet_id))
        row = cur.execute("SELECT case_id, referral_id FROM exchange_outbox WHERE "
                          "packet_id = ?", (packet_id,)).fetchone()
        if row is not None and row[1]:
            set_referral_status(session, row[0], row[1], ReferralStatus.SENT)
        session.audit.record("packet_copied", detail={"packet": packet_id})
