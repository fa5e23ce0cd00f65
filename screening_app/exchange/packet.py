"""Referral packets, format v2 (docs/packet-format.md): build and verify; v1
packets (before HTCDS 2.0) are still read.

    age envelope (to every age recipient of the receiving agency)
      └ zip archive (deterministic; strict limits on reading)
          manifest.json   canonical JSON: who, what, and SHA-256 of every member
          manifest.sig    Ed25519 signature of the sending device over the manifest
          case.json       referral | update: the case, HTCDS field names (htcds.py)
          receipt.json    receipt: which packet arrived and what came of it
          referral.pdf    when the documents component could make one
          attachments/*   optional

`open_packet` checks everything in memory and returns a `VerifiedPacket`, or
raises `PacketRefused` (a `Refused`) with one line for the user and a short
`code` for the audit log. It never writes anything.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

import pyrage
from pyrage import x25519

from screening_app.domain import Case, uuid7
from screening_app.domain.models import utc_now
from screening_app.domain.validation import Invalid, Problem, check_case
from screening_app.errors import Refused
from screening_app.exchange import htcds
from screening_app.exchange.archive import ArchiveError, read_archive, write_archive
from screening_app.exchange.canonical import canonical_bytes, parse_canonical
from screening_app.exchange.cards import KeyCard
from screening_app.exchange.identity import DeviceIdentity, verify_signature
from screening_app.i18n import _
from screening_app.vocabulary import installed

PACKET_FORMAT = "screening-app-packet"
FORMAT_VERSION = 2          # 2: case.json in HTCDS 2.0 names and values
FORMAT_VERSIONS = (1, 2)    # read; a version's case.json has the same schema_version
MAX_PACKET_BYTES = 48 * 1024 * 1024 + 64 * 1024   # archive limit plus age overhead
MAX_JSON_BYTES = 4 * 1024 * 1024

_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX64_RE = re.compile(r"^[0-9a-f]{64}$")
_MANIFEST_FIELDS = {
    "format", "format_version", "packet_id", "kind", "created", "sender", "recipient",
    "case_id", "case_revision", "form", "rule_set", "receipt_for", "referral_pdf", "members",
}


def _signing_context(version: int) -> bytes:
    return f"screening-app packet v{version}\n".encode()


class PacketKind(StrEnum):
    REFERRAL = "referral"
    UPDATE = "update"
    RECEIPT = "receipt"


class PdfStatus(StrEnum):
    INCLUDED = "included"
    NOT_AVAILABLE = "not-available"     # could not be made here (component or font missing)
    NOT_APPLICABLE = "not-applicable"   # receipts


class PacketRefused(Refused):
    """A packet was refused; `code` is a short reason for the audit log."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


class UnknownSender(PacketRefused):
    """Well-formed, but from an agency whose card is not in the directory: the
    importer holds it in quarantine until the card is imported (after checking
    its case with `read_case`: a stranger's invalid case is not stored)."""

    def __init__(self, message: str, manifest: Manifest,
                 members: dict[str, bytes] | None = None) -> None:
        super().__init__(message, "unknown-sender")
        self.manifest = manifest
        self.members = members or {}


class CardDirectory(Protocol):
    """Where `open_packet` looks up the sender's card."""

    def card(self, agency_id: str) -> KeyCard | None: ...

    def is_verified(self, agency_id: str) -> bool: ...


@dataclass
class CardSet:
    """A directory held in memory (tests, `packet verify` of a single card)."""

    cards: dict[str, KeyCard] = field(default_factory=dict)
    verified: set[str] = field(default_factory=set)

    def card(self, agency_id: str) -> KeyCard | None:
        return self.cards.get(agency_id)

    def is_verified(self, agency_id: str) -> bool:
        return agency_id in self.verified


@dataclass(frozen=True)
class Manifest:
    packet_id: str
    kind: PacketKind
    created: datetime
    sender_agency: str
    sender_device: str
    sender_key: str
    recipient_agency: str
    members: dict[str, dict[str, Any]]
    case_id: str | None = None
    case_revision: int | None = None
    form: dict[str, str | None] = field(default_factory=dict)
    rule_set: dict[str, str | None] = field(default_factory=dict)
    receipt_for: str | None = None
    referral_pdf: PdfStatus = PdfStatus.NOT_APPLICABLE
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PACKET_FORMAT,
            "format_version": self.format_version,
            "packet_id": self.packet_id,
            "kind": self.kind.value,
            "created": self.created.isoformat(),
            "sender": {"agency_id": self.sender_agency, "device_id": self.sender_device,
                       "signing_key": self.sender_key},
            "recipient": {"agency_id": self.recipient_agency},
            "case_id": self.case_id,
            "case_revision": self.case_revision,
            "form": {"id": self.form.get("id"), "version": self.form.get("version")},
            "rule_set": {"id": self.rule_set.get("id"),
                         "version": self.rule_set.get("version")},
            "receipt_for": self.receipt_for,
            "referral_pdf": self.referral_pdf.value,
            "members": {k: dict(v) for k, v in self.members.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Manifest:
        """Strict: ValueError/KeyError/TypeError on anything unexpected."""
        if set(d) != _MANIFEST_FIELDS:
            raise ValueError("manifest fields")
        sender, recipient = d["sender"], d["recipient"]
        if set(sender) != {"agency_id", "device_id", "signing_key"} or set(recipient) != {
                "agency_id"}:
            raise ValueError("sender/recipient fields")
        members = d["members"]
        if not isinstance(members, dict):
            raise ValueError("members")
        for name, entry in members.items():
            if (not isinstance(entry, dict) or set(entry) != {"sha256", "size"}
                    or not isinstance(entry["sha256"], str)
                    or not _HEX64_RE.match(entry["sha256"])
                    or not isinstance(entry["size"], int) or entry["size"] < 0
                    or name in ("manifest.json", "manifest.sig")):
                raise ValueError("member entry")
        if not _UUID_RE.match(d["packet_id"]):
            raise ValueError("packet id")
        for key in ("form", "rule_set"):
            if set(d[key]) != {"id", "version"} or not all(
                    v is None or isinstance(v, str) for v in d[key].values()):
                raise ValueError(key)
        revision = d["case_revision"]
        if revision is not None and (not isinstance(revision, int) or revision < 1):
            raise ValueError("case revision")
        for key in ("case_id", "receipt_for"):
            if d[key] is not None and not _UUID_RE.match(d[key]):
                raise ValueError(key)
        created = datetime.fromisoformat(d["created"])
        if created.tzinfo is None:
            raise ValueError("created")
        for text in (sender["agency_id"], sender["device_id"], sender["signing_key"],
                     recipient["agency_id"]):
            if not isinstance(text, str) or not text:
                raise ValueError("sender/recipient")
        return cls(
            packet_id=d["packet_id"], kind=PacketKind(d["kind"]), created=created,
            sender_agency=sender["agency_id"], sender_device=sender["device_id"],
            sender_key=sender["signing_key"], recipient_agency=recipient["agency_id"],
            members={k: dict(v) for k, v in members.items()},
            case_id=d["case_id"], case_revision=revision,
            form=dict(d["form"]), rule_set=dict(d["rule_set"]),
            receipt_for=d["receipt_for"], referral_pdf=PdfStatus(d["referral_pdf"]),
            format_version=int(d["format_version"]),
        )


@dataclass(frozen=True)
class Receipt:
    receipt_for: str
    case_id: str | None
    received: datetime
    result: str          # imported | merged | conflicts | already-imported

    def to_dict(self) -> dict[str, Any]:
        return {"receipt_for": self.receipt_for, "case_id": self.case_id,
                "received": self.received.isoformat(), "result": self.result}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Receipt:
        if set(d) != {"receipt_for", "case_id", "received", "result"}:
            raise ValueError("receipt fields")
        if not _UUID_RE.match(d["receipt_for"]) or d["result"] not in (
                "imported", "merged", "conflicts", "already-imported"):
            raise ValueError("receipt values")
        received = datetime.fromisoformat(d["received"])
        if received.tzinfo is None:
            raise ValueError("received")
        return cls(d["receipt_for"], d["case_id"], received, d["result"])


@dataclass(frozen=True)
class VerifiedPacket:
    manifest: Manifest
    members: dict[str, bytes]
    sender_verified: bool               # the sender's card fingerprint was compared
    case_data: dict[str, Any] | None    # case.json (HTCDS names), referral and update
    receipt: Receipt | None
    problem: Problem | None = None      # the case fails the validation layer: hold it

    @property
    def packet_id(self) -> str:
        return self.manifest.packet_id

    @property
    def kind(self) -> PacketKind:
        return self.manifest.kind

    def case(self) -> Case:
        assert self.case_data is not None
        return htcds.case_from_packet(self.case_data)

    @property
    def referral_pdf(self) -> bytes | None:
        return self.members.get("referral.pdf")


@dataclass(frozen=True)
class BuiltPacket:
    packet_id: str
    data: bytes
    manifest: Manifest


def short_id(packet_id: str) -> str:
    """The random tail of a packet id, for messages (the head is a timestamp and
    is the same for packets made in the same minute)."""
    return packet_id[-8:]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_packet(
    *,
    kind: PacketKind,
    identity: DeviceIdentity,
    sender_agency: str,
    recipient: KeyCard,
    content: Mapping[str, bytes],
    case_id: str | None = None,
    case_revision: int | None = None,
    form: Mapping[str, str | None] | None = None,
    rule_set: Mapping[str, str | None] | None = None,
    receipt_for: str | None = None,
    referral_pdf: PdfStatus = PdfStatus.NOT_APPLICABLE,
    packet_id: str | None = None,
    created: datetime | None = None,
) -> BuiltPacket:
    """Sign and encrypt `content` (member name -> bytes) for `recipient`."""
    if not recipient.age_recipients:
        raise Refused(_("The receiving agency has no key yet: import their key card first."))
    manifest = Manifest(
        packet_id=packet_id or str(uuid7()), kind=kind, created=created or utc_now(),
        sender_agency=sender_agency, sender_device=identity.device_id,
        sender_key=identity.signing_key, recipient_agency=recipient.id,
        members={name: {"sha256": _sha256(data), "size": len(data)}
                 for name, data in content.items()},
        case_id=case_id, case_revision=case_revision,
        form=dict(form or {"id": None, "version": None}),
        rule_set=dict(rule_set or {"id": None, "version": None}),
        receipt_for=receipt_for, referral_pdf=referral_pdf,
    )
    manifest_bytes = canonical_bytes(manifest.to_dict())
    members = dict(content)
    members["manifest.json"] = manifest_bytes
    members["manifest.sig"] = identity.sign(_signing_context(FORMAT_VERSION) + manifest_bytes)
    archive = write_archive(members)
    recipients = [x25519.Recipient.from_str(r) for r in recipient.age_recipients]
    return BuiltPacket(manifest.packet_id, pyrage.encrypt(archive, recipients), manifest)


def _refuse(code: str) -> PacketRefused:
    """One translated line per reason; no content of the packet is ever shown."""
    messages = {
        "too-large": _("Packet refused: the file is larger than a packet may be. "
                       "Nothing was imported."),
        "wrong-recipient": _("Packet refused: it is not addressed to this agency (no key of "
                             "this installation opens it). Nothing was imported."),
        "damaged": _("Packet refused: the file is damaged, truncated or altered (decryption "
                     "failed). Nothing was imported; ask the sender to send it again."),
        "archive": _("Packet refused: its contents break the packet rules (size, names or "
                     "compression). Nothing was imported."),
        "manifest": _("Packet refused: its manifest is missing or malformed. "
                      "Nothing was imported."),
        "unsigned": _("Packet refused: it is not signed, so nobody can tell who sent it. "
                      "Nothing was imported."),
        "format-version": _("Packet refused: it uses a packet format version this program "
                            "does not know. Nothing was imported; update the program."),
        "members": _("Packet refused: its members do not match its manifest (missing, "
                     "extra or altered). Nothing was imported."),
        "kind": _("Packet refused: its kind does not match its contents. "
                  "Nothing was imported."),
        "addressed-elsewhere": _("Packet refused: it is addressed to another agency. "
                                 "Nothing was imported."),
        "own-packet": _("Packet refused: it was sent by this installation. "
                        "Nothing was imported."),
        "revoked-sender": _("Packet refused: the sender's key card has been revoked. "
                            "Nothing was imported."),
        "expired-sender": _("Packet refused: the sender's key card has expired. Nothing was "
                            "imported; ask the sender for a new card."),
        "signature": _("Packet refused: the signature does not match the sender's key card. "
                       "Nothing was imported; the packet may be forged."),
        "replaced-key": _("Packet refused: it is signed with a key the sending agency has "
                          "since replaced (its keys were changed). Nothing was imported; ask "
                          "the sender to export the case again."),
        "schema": _("Packet refused: the case data inside does not follow the packet "
                    "schema. Nothing was imported."),
    }
    return PacketRefused(messages[code], code)


def open_packet(
    data: bytes,
    identity: DeviceIdentity,
    directory: CardDirectory,
    *,
    agency_id: str,
    now: datetime | None = None,
    retired: tuple[str, ...] = (),
) -> VerifiedPacket:
    """Decrypt and verify a packet addressed to `agency_id`; nothing is written.
    `retired`: earlier age identities of this agency, kept a few days after a key
    rotation for packets that were already on their way."""
    if len(data) > MAX_PACKET_BYTES:
        raise _refuse("too-large")
    try:
        keys = [identity.age, *(x25519.Identity.from_str(r) for r in retired)]
        archive = pyrage.decrypt(data, keys)
    except pyrage.DecryptError as error:
        code = "wrong-recipient" if "no matching keys" in str(error).lower() else "damaged"
        raise _refuse(code) from None
    except Exception:  # malformed headers raise other pyrage errors
        raise _refuse("damaged") from None
    try:
        members = read_archive(archive)
    except ArchiveError:
        raise _refuse("archive") from None
    manifest_bytes, signature = members.get("manifest.json"), members.get("manifest.sig")
    if manifest_bytes is None or len(manifest_bytes) > MAX_JSON_BYTES:
        raise _refuse("manifest")
    if not signature:
        raise _refuse("unsigned")
    try:
        raw = parse_canonical(manifest_bytes)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _refuse("manifest") from None
    if not isinstance(raw, dict) or raw.get("format") != PACKET_FORMAT:
        raise _refuse("manifest")
    if raw.get("format_version") not in FORMAT_VERSIONS:
        raise _refuse("format-version")
    try:
        manifest = Manifest.from_dict(raw)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _refuse("manifest") from None

    # Every member listed, hashed and sized exactly; nothing more, nothing less.
    if set(members) != set(manifest.members) | {"manifest.json", "manifest.sig"}:
        raise _refuse("members")
    for name, entry in manifest.members.items():
        if len(members[name]) != entry["size"] or _sha256(members[name]) != entry["sha256"]:
            raise _refuse("members")
    _check_kind(manifest, members)

    if manifest.sender_device == identity.device_id:
        raise _refuse("own-packet")
    card = directory.card(manifest.sender_agency)
    if card is None:
        raise UnknownSender(
            _("Packet held in quarantine: the sender's agency is not in the directory. "
              "Import and verify their key card; the packet is then imported."), manifest,
            members)
    if card.revoked:
        raise _refuse("revoked-sender")
    if card.expired(now):
        raise _refuse("expired-sender")
    signed = _signing_context(manifest.format_version) + manifest_bytes
    if manifest.sender_key not in card.signing_keys or not verify_signature(
            manifest.sender_key, signature, signed):
        # Genuinely signed by a key the card's own statements replaced: sent before
        # the agency rotated its keys (exchange/rotation.py), refused all the same.
        replaced = {c.signing_key for c in card.key_changes} - set(card.signing_keys)
        if manifest.sender_key in replaced and verify_signature(
                manifest.sender_key, signature, signed):
            raise _refuse("replaced-key")
        raise _refuse("signature")
    if manifest.recipient_agency != agency_id:
        raise _refuse("addressed-elsewhere")

    case_data: dict[str, Any] | None = None
    receipt: Receipt | None = None
    problem: Problem | None = None
    if manifest.kind is PacketKind.RECEIPT:
        try:
            receipt = Receipt.from_dict(_json_member(members["receipt.json"]))
            if receipt.receipt_for != manifest.receipt_for:
                raise ValueError("receipt does not match manifest")
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            raise _refuse("schema") from None
    else:
        case_data, problem = read_case(manifest, members)
    return VerifiedPacket(manifest, members, directory.is_verified(card.id), case_data, receipt,
                          problem)


def read_case(manifest: Manifest, members: dict[str, bytes],
              ) -> tuple[dict[str, Any], Problem | None]:
    """case.json and, when the case fails the validation layer, why: refused as
    "schema" when it is not a case at all."""
    try:
        case_data = _json_member(members["case.json"])
        if case_data.get("schema_version") != manifest.format_version:
            raise ValueError("case.json of another packet version")
        try:
            case = htcds.case_from_packet(case_data)
            if case.id != manifest.case_id:
                raise ValueError("case id does not match manifest")
            check_case(case, installed())
        except Invalid as invalid:
            return case_data, invalid.problem
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise _refuse("schema") from None
    return case_data, None


def _check_kind(manifest: Manifest, members: dict[str, bytes]) -> None:
    names = set(manifest.members)
    if manifest.kind is PacketKind.RECEIPT:
        ok = (names == {"receipt.json"} and manifest.receipt_for is not None
              and manifest.referral_pdf is PdfStatus.NOT_APPLICABLE)
    else:
        ok = ("case.json" in names and "receipt.json" not in names
              and manifest.case_id is not None and manifest.case_revision is not None
              and manifest.receipt_for is None
              and ("referral.pdf" in names) == (manifest.referral_pdf is PdfStatus.INCLUDED))
    if not ok:
        raise _refuse("kind")


def _json_member(data: bytes) -> Any:
    if len(data) > MAX_JSON_BYTES:
        raise ValueError("too large")
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("object expected")
    return value
