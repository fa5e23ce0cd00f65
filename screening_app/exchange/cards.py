"""Key cards: a small signed JSON file that says who an agency is and which keys
are theirs, with a fingerprint two officers compare by phone before trusting it.

A card is self-signed by one of its own Ed25519 keys. That proves only that the
card's maker holds the card's keys, not who they are: an agency id is derived
from name, country and type, so anyone can make a card with a partner's id.
Trust comes from keys already held (exchange/trust.py): a card that changes an
agency's keys carries key-change statements, each signed by a signing key of
the card before it. The fingerprint covers the agency id and every public key;
it is shown as eight groups of five digits (language-neutral: it can be read
aloud in any of the seven languages) and as a QR code.

Card versions (docs/packet-format.md): 1 (the first cards: `name`, `country`,
`type`, `contacts.phone`), 2 (version 1 plus `key_changes`), 3 (written now: the
HTCDS 2.0 organisation names `org_Name`, `org_ShippingCountry`, `org_Type`,
`org_Phone`, the project's extension `x_service`, and `key_changes`, possibly
empty). All three are read; exchange/card_fields.py knows the layouts.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import segno

from screening_app.domain import Agency, AgencyService, AgencyType, agency_kind
from screening_app.domain.models import utc_now
from screening_app.domain.validation import check_agency
from screening_app.errors import Refused
from screening_app.exchange import card_fields
from screening_app.exchange.canonical import b64decode, b64encode, canonical_bytes, parse_canonical
from screening_app.exchange.identity import (
    DeviceIdentity,
    valid_age_recipient,
    valid_signing_key,
    verify_signature,
)
from screening_app.i18n import _
from screening_app.vocabulary import installed

CARD_FORMAT = "screening-app-key-card"
CARD_VERSION = card_fields.CARD_VERSION     # 3: HTCDS 2.0 names and key changes
CARD_VERSIONS = card_fields.CARD_VERSIONS   # versions read: 1, 2, 3
MAX_CARD_BYTES = 64 * 1024
MAX_KEY_CHANGES = 8                  # statements a card carries (the newest ones)
_CHANGE_CONTEXT = b"screening-app key change v1\n"
_CHANGE_FIELDS = {"agency_id", "old_fingerprint", "new_age_recipients", "new_signing_keys",
                  "issued", "signing_key", "signature"}
_ID_RE = re.compile(r"^[a-z]{2}-[a-z0-9][a-z0-9-]{0,62}$")
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_CONTACT_FIELDS = {"phone", "email", "address"}


def _signing_context(version: int) -> bytes:
    # Versions 1 and 2 (the key-change cards) were both signed as "v1".
    return f"screening-app key card v{1 if version <= 2 else version}\n".encode()


def agency_id_for(country: str, name: str) -> str:
    """A stable agency id from country and English name, e.g. "kh-ncct"."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50].strip("-")
    if len(slug) < 3:   # a name in another script: a short hash keeps ids apart
        slug = "agency-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    return f"{country.lower()}-{slug}"


def fingerprint_of(agency_id: str, age_recipients: list[str], signing_keys: list[str]) -> str:
    digest = hashlib.sha512(canonical_bytes({
        "id": agency_id,
        "age_recipients": sorted(age_recipients),
        "signing_keys": sorted(signing_keys),
    })).digest()
    # Eight groups of 5 digits, each from 5 bytes (about 133 bits in all).
    groups = [int.from_bytes(digest[i * 5:(i + 1) * 5], "big") % 100_000 for i in range(8)]
    return " ".join(f"{g:05d}" for g in groups)


def _key_lists(ages: Any, keys: Any) -> tuple[list[str], list[str]]:
    """1 to 16 valid age recipients and 1 to 16 valid Ed25519 keys, or ValueError."""
    if not isinstance(ages, list) or not 1 <= len(ages) <= 16 or not all(
            isinstance(a, str) and valid_age_recipient(a) for a in ages):
        raise ValueError("bad age recipients")
    if not isinstance(keys, list) or not 1 <= len(keys) <= 16 or not all(
            isinstance(k, str) and valid_signing_key(k) for k in keys):
        raise ValueError("bad signing keys")
    return list(ages), list(keys)


@dataclass(frozen=True)
class KeyChange:
    """A statement by an agency's old signing key naming its new keys: "the agency
    whose keys had fingerprint OLD now uses these keys". Partners holding the old
    card accept the new one on this proof alone (exchange/trust.py)."""

    agency_id: str
    old_fingerprint: str
    new_age_recipients: list[str]
    new_signing_keys: list[str]
    issued: datetime
    signing_key: str                  # base64 Ed25519: one of the OLD card's keys
    signature: str = ""               # base64

    @property
    def new_fingerprint(self) -> str:
        return fingerprint_of(self.agency_id, self.new_age_recipients, self.new_signing_keys)

    def _unsigned_dict(self) -> dict[str, Any]:
        return {"agency_id": self.agency_id, "old_fingerprint": self.old_fingerprint,
                "new_age_recipients": list(self.new_age_recipients),
                "new_signing_keys": list(self.new_signing_keys),
                "issued": self.issued.isoformat(), "signing_key": self.signing_key}

    @classmethod
    def make(cls, old_card: KeyCard, old_identity: DeviceIdentity,
             new_identity: DeviceIdentity) -> KeyChange:
        """Signed by `old_identity`, whose signing key is on `old_card`."""
        change = cls(old_card.id, old_card.fingerprint, [new_identity.age_recipient],
                     [new_identity.signing_key], utc_now(), old_identity.signing_key)
        message = _CHANGE_CONTEXT + canonical_bytes(change._unsigned_dict())
        return replace(change, signature=b64encode(old_identity.sign(message)))

    def signature_valid(self) -> bool:
        try:
            raw = b64decode(self.signature)
        except ValueError:
            return False
        return verify_signature(self.signing_key, raw,
                                _CHANGE_CONTEXT + canonical_bytes(self._unsigned_dict()))

    def to_dict(self) -> dict[str, Any]:
        return {**self._unsigned_dict(), "signature": self.signature}

    @classmethod
    def from_dict(cls, d: Any) -> KeyChange:
        if not isinstance(d, dict) or set(d) != _CHANGE_FIELDS:
            raise ValueError("bad key change")
        ages, keys = _key_lists(d["new_age_recipients"], d["new_signing_keys"])
        if not (isinstance(d["signing_key"], str) and valid_signing_key(d["signing_key"])
                and isinstance(d["signature"], str) and isinstance(d["old_fingerprint"], str)
                and isinstance(d["agency_id"], str)):
            raise ValueError("bad key change")
        return cls(d["agency_id"], d["old_fingerprint"], list(ages), list(keys),
                   _aware(d["issued"]), d["signing_key"], d["signature"])


def chain_is_whole(card: KeyCard) -> bool:
    """Each statement signed, about this agency, each one signed by a key the one
    before it named, and the last naming exactly this card's keys."""
    changes = card.key_changes
    for index, change in enumerate(changes):
        if change.agency_id != card.id or not change.signature_valid():
            return False
        if index > 0:
            before = changes[index - 1]
            if (change.old_fingerprint != before.new_fingerprint
                    or change.signing_key not in before.new_signing_keys):
                return False
    return not changes or changes[-1].new_fingerprint == card.fingerprint


@dataclass(frozen=True)
class KeyCard:
    id: str
    name: str
    country: str
    type: AgencyType | None
    age_recipients: list[str]
    signing_keys: list[str]
    issued: datetime
    names: dict[str, str] = field(default_factory=dict)
    contacts: dict[str, str] = field(default_factory=dict)
    language: str | None = None
    expires: datetime | None = None
    revoked: bool = False
    signature: dict[str, str] = field(default_factory=dict)
    key_changes: tuple[KeyChange, ...] = ()     # oldest first; see exchange/trust.py
    service: AgencyService | None = None
    # A card read from a file: exactly what its agency signed (any version), kept as
    # is so it verifies again; `signed()` drops it. Not compared.
    wire: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.id, self.age_recipients, self.signing_keys)

    def expired(self, now: datetime | None = None) -> bool:
        return self.expires is not None and (now or utc_now()) >= self.expires

    # -- building -----------------------------------------------------------
    @property
    def signer(self) -> str | None:
        """The signing key that signed this card (one of its own keys)."""
        return self.signature.get("key")

    @classmethod
    def for_agency(cls, agency: Agency, identity: DeviceIdentity,
                   expires: datetime | None = None, revoked: bool = False,
                   key_changes: tuple[KeyChange, ...] = ()) -> KeyCard:
        """This installation's card: the agency's details and this device's keys,
        with the statements that lead to these keys from earlier ones."""
        card = cls(
            id=agency.id, name=agency.name, country=agency.country, type=agency.type,
            service=agency.service, names=dict(agency.names),
            contacts={k: v for k, v in (("phone", agency.phone), ("email", agency.email),
                                        ("address", agency.address)) if v},
            language=agency.language,
            age_recipients=[identity.age_recipient],
            signing_keys=[identity.signing_key],
            issued=utc_now(), expires=expires, revoked=revoked,
            key_changes=tuple(key_changes[-MAX_KEY_CHANGES:]),
        )
        return card.signed(identity)

    def _unsigned_dict(self) -> dict[str, Any]:
        """What the card signature covers: every field but the signature (agency
        facts, keys, fingerprint, dates, revocation and the key-change statements)."""
        if self.wire is not None:
            return {k: v for k, v in self.wire.items() if k != "signature"}
        return {
            "format": CARD_FORMAT,
            "card_version": CARD_VERSION,
            "id": self.id,
            **card_fields.organisation(self),
            "names": dict(self.names),
            "contacts": {k: v for k, v in self.contacts.items() if k != "phone"},
            "language": self.language,
            "age_recipients": list(self.age_recipients),
            "signing_keys": list(self.signing_keys),
            "issued": self.issued.isoformat(),
            "expires": None if self.expires is None else self.expires.isoformat(),
            "revoked": self.revoked,
            "fingerprint": self.fingerprint,
            "key_changes": [c.to_dict() for c in self.key_changes],
        }

    def signed(self, identity: DeviceIdentity) -> KeyCard:
        card = replace(self, wire=None)
        message = _signing_context(CARD_VERSION) + canonical_bytes(card._unsigned_dict())
        sig = {"key": identity.signing_key, "sig": b64encode(identity.sign(message))}
        return replace(card, signature=sig)

    def to_dict(self) -> dict[str, Any]:
        d = self._unsigned_dict()
        d["signature"] = dict(self.signature)
        return d

    def to_bytes(self) -> bytes:
        return canonical_bytes(self.to_dict())

    def to_agency(self, verified: bool = False) -> Agency:
        return Agency(
            id=self.id, name=self.name, type=self.type, service=self.service,
            country=self.country, names=dict(self.names), phone=self.contacts.get("phone"),
            email=self.contacts.get("email"), address=self.contacts.get("address"),
            language=self.language, age_recipients=list(self.age_recipients),
            signing_keys=list(self.signing_keys), fingerprint=self.fingerprint,
            verified=verified,
        )

    # -- reading ------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> KeyCard:
        """A verified card, or Refused saying in one line what is wrong."""
        bad = Refused(_("This is not a valid key card; nothing was imported. "
                        "Ask the agency to export their card again."))
        if len(data) > MAX_CARD_BYTES:
            raise bad
        try:
            d = parse_canonical(data)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise bad from None
        if not isinstance(d, dict) or d.get("format") != CARD_FORMAT:
            raise bad
        version = d.get("card_version")
        if version not in CARD_VERSIONS:
            raise Refused(_("This key card has a format version this program does not know; "
                            "nothing was imported. Update the program."))
        try:
            card = replace(cls._from_dict(card_fields.read(d)), wire=dict(d))
        except (KeyError, TypeError, ValueError):
            raise bad from None
        if d["fingerprint"] != card.fingerprint:
            raise bad
        sig = card.signature
        message = _signing_context(int(version)) + canonical_bytes(card._unsigned_dict())
        try:
            raw_sig = b64decode(sig["sig"])
        except (KeyError, ValueError):
            raise bad from None
        if sig.get("key") not in card.signing_keys or not verify_signature(
                sig["key"], raw_sig, message):
            raise Refused(_("The key card's signature does not match its keys; nothing was "
                            "imported. The card may have been altered."))
        if not chain_is_whole(card):
            raise Refused(_("The key card's key-change statements do not check out; nothing "
                            "was imported. The card may have been altered."))
        return card

    @classmethod
    def _from_dict(cls, d: dict[str, Any]) -> KeyCard:
        """A card from the one layout card_fields.read gives for every version."""
        if set(d) != card_fields.READ_FIELDS:
            raise ValueError("unexpected or missing fields")
        changes = d["key_changes"]
        if not isinstance(changes, list) or len(changes) > MAX_KEY_CHANGES:
            raise ValueError("bad key changes")
        if not _ID_RE.match(d["id"]) or not _COUNTRY_RE.match(d["country"]):
            raise ValueError("bad id or country")
        if not isinstance(d["name"], str) or not d["name"] or len(d["name"]) > 200:
            raise ValueError("bad name")
        names, contacts = d["names"], d["contacts"]
        if not isinstance(names, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in names.items()):
            raise ValueError("bad names")
        if not isinstance(contacts, dict) or not set(contacts) <= _CONTACT_FIELDS or not all(
                isinstance(v, str) for v in contacts.values()):
            raise ValueError("bad contacts")
        ages, keys = _key_lists(d["age_recipients"], d["signing_keys"])
        if not isinstance(d["revoked"], bool) or not isinstance(d["signature"], dict):
            raise ValueError("bad revoked or signature")
        if d["language"] is not None and not isinstance(d["language"], str):
            raise ValueError("bad language")
        kind, service = agency_kind(d["type"], d["service"])
        card = cls(
            id=d["id"], name=d["name"], country=d["country"], type=kind, service=service,
            names=dict(names), contacts=dict(contacts), language=d["language"],
            age_recipients=list(ages), signing_keys=list(keys),
            issued=_aware(d["issued"]),
            expires=None if d["expires"] is None else _aware(d["expires"]),
            revoked=d["revoked"], signature=dict(d["signature"]),
            key_changes=tuple(KeyChange.from_dict(c) for c in changes),
        )
        # names, contacts and codes through the validation layer (Invalid is a ValueError)
        check_agency(card.to_agency(), installed())
        return card


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("time without zone")
    return value


def fingerprint_qr_text(agency_id: str, fingerprint: str) -> str:
    """What the QR code holds: readable by any phone's camera app."""
    return f"SCREENING-APP CARD {agency_id} {fingerprint}"


def fingerprint_qr_png(agency_id: str, fingerprint: str, scale: int = 6) -> bytes:
    out = io.BytesIO()
    segno.make(fingerprint_qr_text(agency_id, fingerprint), error="m").save(
        out, kind="png", scale=scale, border=2)
    return out.getvalue()
