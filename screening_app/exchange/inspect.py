"""Show what a packet holds without importing it: decrypt, verify everything an
import verifies (addressed to this agency, intact, signed by a known sender), and
give back its manifest and content. Nothing is stored; the look is audited."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from screening_app.exchange import htcds
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused, UnknownSender, VerifiedPacket
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.storage import Session

AUDIT_ACTION = "packet_inspect"


@dataclass(frozen=True)
class Inspection:
    packet: VerifiedPacket

    def to_dict(self) -> dict[str, Any]:
        """The manifest and content as JSON: case.json as it was sent; a version 1
        case.json also as this program reads it in HTCDS 2.0 terms."""
        p = self.packet
        out: dict[str, Any] = {
            "manifest": p.manifest.to_dict(),
            "sender_verified": p.sender_verified,
            "case": p.case_data,
            "receipt": None if p.receipt is None else p.receipt.to_dict(),
            "referral_pdf_bytes": None if p.referral_pdf is None else len(p.referral_pdf),
        }
        if p.case_data is not None and p.case_data.get("schema_version") == 1:
            row = case_to_htcds(p.case())
            out["case_as_htcds_2_0"] = {"htcds": row.fields, "htcds_events": row.events,
                                        "referral": htcds.referral_details(p.case_data)}
        return out


def inspect_packet(session: Session, data: bytes) -> Inspection:
    """The verified packet, or PacketRefused saying why it is not shown. Audited with
    the packet id and the file's SHA-256 only."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        packet = Importer(session).verify(data)
    except UnknownSender as unknown:
        code = AgencyDirectory(session).quarantine_reason(unknown.manifest.sender_agency)
        session.audit.record(AUDIT_ACTION, detail={"result": code, "sha256": digest})
        if code == "keys-changed":
            raise PacketRefused(_(
                "Packet not shown: the sender's agency offered new keys that are not "
                "verified yet. Compare the new fingerprint with the agency first ('keys "
                "list')."), code) from None
        raise PacketRefused(_(
            "Packet not shown: the sender's agency is not in the directory, so its "
            "signature cannot be checked. Import and verify their key card first."),
            unknown.code) from None
    except PacketRefused as refused:
        session.audit.record(AUDIT_ACTION, detail={"result": refused.code, "sha256": digest})
        raise
    session.audit.record(AUDIT_ACTION, packet.manifest.case_id, {
        "result": "shown", "packet": packet.packet_id, "sha256": digest,
        "agency": packet.manifest.sender_agency})
    return Inspection(packet)
