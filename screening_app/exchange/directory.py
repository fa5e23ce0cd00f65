"""The agency directory of this installation, and this installation's own
agency and device identity.

Seeded from resources/agencies/*.yaml (names and types per country, no keys);
extended by importing key cards. An agency without a card cannot receive
packets; a card whose fingerprint was not compared is marked unverified
wherever it is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from screening_app.domain import Agency, agency_kind
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.cards import KeyCard, agency_id_for
from screening_app.exchange.identity import DeviceIdentity
from screening_app.i18n import _
from screening_app.paths import RESOURCES_DIR

if TYPE_CHECKING:
    from screening_app.storage import Session

SEED_DIR = RESOURCES_DIR / "agencies"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=64)
def _seed_file(path: Path, _mtime_ns: int, _size: int) -> Any:
    # Parsed once per file version: own_agency() runs for every packet exported
    # or imported, and parsing the seed YAML each time capped packets at ~25/s.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader) or {}  # noqa: S506


def load_seed(folder: Path = SEED_DIR) -> list[Agency]:
    """Agencies of the seed files, in file order; keys are never seeded."""
    found: list[Agency] = []
    for path in sorted(folder.glob("*.yaml")):
        stat = path.stat()
        doc = _seed_file(path, stat.st_mtime_ns, stat.st_size)
        country = str(doc["country"])
        for entry in doc.get("agencies") or []:
            kind, service = agency_kind(entry.get("type"), entry.get("service"))
            found.append(Agency(id=entry["id"], name=entry["name"], type=kind, service=service,
                                country=country, names=dict(entry.get("names") or {}),
                                phone=entry.get("phone")))
    return found


@dataclass(frozen=True)
class DirectoryEntry:
    agency: Agency
    card: KeyCard | None
    revoked: bool
    seeded: bool

    @property
    def verified(self) -> bool:
        return self.agency.verified


@dataclass(frozen=True)
class CardImport:
    agency_id: str
    fingerprint: str
    verified: bool
    outcome: str          # new | updated | unchanged | keys-changed | revoked

    def describe(self, command_line: bool = True) -> str:
        """What happened, for the user; the hint on verifying fits the CLI or the GUI."""
        what = {
            "new": _("Key card of {agency} imported."),
            "updated": _("Key card of {agency} updated (same keys)."),
            "unchanged": _("Key card of {agency} was already imported; nothing changed."),
            "keys-changed": _("Key card of {agency} imported with NEW KEYS: compare the "
                              "fingerprint again."),
            "revoked": _("Key card of {agency} says its keys are revoked: its packets are "
                         "refused from now on."),
        }[self.outcome].format(agency=self.agency_id)
        line = what + " " + _("Fingerprint: {fingerprint}").format(fingerprint=self.fingerprint)
        if not self.verified and self.outcome != "revoked":
            line += "\n" + (_("NOT VERIFIED: compare the fingerprint with the agency by phone "
                              "or in person, then import the card again with --verified.")
                            if command_line else
                            _("NOT VERIFIED: open the card, compare the fingerprint with the "
                              "agency by phone or in person, then confirm that it matches."))
        return line


class AgencyDirectory:
    """Implements `packet.CardDirectory` over the encrypted database."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._ensure_seeded()

    # --- this installation --------------------------------------------------
    def own_agency(self) -> Agency:
        device = self.session.device
        if not device.agency_name or not device.country:
            raise Refused(_("This installation has no agency yet, so it cannot exchange "
                            "packets. Set it up with 'init --agency NAME --country CC "
                            "--agency-type TYPE'."))
        seeded = {(a.country, a.name.lower()): a for a in load_seed()}
        match = seeded.get((device.country, device.agency_name.lower()))
        agency_id = match.id if match else agency_id_for(device.country, device.agency_name)
        return Agency(id=agency_id, name=device.agency_name, type=device.agency_type,
                      service=device.agency_service, country=device.country)

    def identity(self) -> DeviceIdentity:
        """This device's keys, made on first use and kept in the encrypted database."""
        device_id = self.session.device.id
        with self.session.transaction() as cur:
            row = cur.execute("SELECT secret FROM exchange_identity WHERE device_id = ?",
                              (device_id,)).fetchone()
            if row is not None:
                return DeviceIdentity.from_dict(json.loads(row[0]))
            made = DeviceIdentity.generate()
            made = DeviceIdentity(device_id, made.age_identity, made.signing_secret,
                                  made.created)
            cur.execute("INSERT INTO exchange_identity (device_id, secret, created_at) "
                        "VALUES (?, ?, ?)", (device_id, json.dumps(made.to_dict()), _now()))
            self.session.audit.record("keys_created", detail={"device": device_id})
            return made

    def own_card(self, valid_days: int | None = None) -> KeyCard:
        expires = None if valid_days is None else utc_now() + timedelta(days=valid_days)
        return KeyCard.for_agency(self.own_agency(), self.identity(), expires=expires)

    # --- the directory ------------------------------------------------------
    def _ensure_seeded(self) -> None:
        if self.session.database.query("SELECT 1 FROM exchange_agencies WHERE seeded = 1 "
                                       "LIMIT 1"):
            self._follow_seed()
            return
        with self.session.transaction() as cur:
            for agency in load_seed():
                cur.execute("INSERT OR IGNORE INTO exchange_agencies (id, body, seeded, "
                            "updated_at) VALUES (?, ?, 1, ?)",
                            (agency.id, json.dumps(agency.to_dict()), _now()))

    def _follow_seed(self) -> None:
        """Seeded entries without a key card follow the seed files (e.g. the HTCDS 2.0
        agency types of a newer program); a card, once imported, says what it says."""
        seed = {a.id: json.dumps(a.to_dict()) for a in load_seed()}
        rows = self.session.database.query(
            "SELECT id, body FROM exchange_agencies WHERE seeded = 1 AND card IS NULL")
        stale = [(seed[i], i) for i, body in rows if i in seed and seed[i] != body]
        if stale:
            with self.session.transaction() as cur:
                cur.executemany("UPDATE exchange_agencies SET body = ? WHERE id = ?", stale)

    def entries(self) -> list[DirectoryEntry]:
        rows = self.session.database.query(
            "SELECT body, card, verified, revoked, seeded FROM exchange_agencies ORDER BY id")
        return [self._entry(row) for row in rows]

    def entry(self, agency_id: str) -> DirectoryEntry | None:
        rows = self.session.database.query(
            "SELECT body, card, verified, revoked, seeded FROM exchange_agencies WHERE id = ?",
            (agency_id,))
        return self._entry(rows[0]) if rows else None

    @staticmethod
    def _entry(row: Any) -> DirectoryEntry:
        body, card, verified, revoked, seeded = row
        agency = Agency.from_dict(json.loads(body))
        agency.verified = bool(verified)
        parsed = None if card is None else KeyCard.from_bytes(bytes(card))
        return DirectoryEntry(agency, parsed, bool(revoked), bool(seeded))

    def card(self, agency_id: str) -> KeyCard | None:
        """The agency's card; marked revoked when revoked here or by its agency."""
        found = self.entry(agency_id)
        if found is None or found.card is None:
            return None
        return replace(found.card, revoked=True) if found.revoked else found.card

    def is_verified(self, agency_id: str) -> bool:
        found = self.entry(agency_id)
        return bool(found and found.verified)

    def import_card(self, data: bytes, verified: bool = False) -> CardImport:
        """Add or replace an agency's card (one transaction, audited)."""
        card = KeyCard.from_bytes(data)
        if card.expired() and not card.revoked:
            raise Refused(_("This key card has expired; nothing was imported. Ask the agency "
                            "for a new card."))
        if card.id == self.own_agency().id:
            raise Refused(_("This is the key card of this installation's own agency; "
                            "nothing was imported."))
        old = self.entry(card.id)
        outcome = "new"
        keep_verified = False
        if old is not None and old.card is not None:
            if card.issued < old.card.issued:
                raise Refused(_("This key card is older than the one already held for this "
                                "agency; nothing was imported."))
            same_keys = (sorted(card.age_recipients), sorted(card.signing_keys)) == (
                sorted(old.card.age_recipients), sorted(old.card.signing_keys))
            if old.revoked and not card.revoked and set(card.signing_keys) & set(
                    old.card.signing_keys):
                raise Refused(_("These keys were revoked by their agency; nothing was "
                                "imported. Ask the agency for a card with new keys."))
            if same_keys:
                outcome = "unchanged" if card == old.card else "updated"
                keep_verified = old.verified
            else:
                outcome = "keys-changed"
        if card.revoked:
            outcome = "revoked"
        now_verified = verified or keep_verified
        agency = card.to_agency(verified=now_verified)
        with self.session.transaction() as cur:
            cur.execute(
                "INSERT INTO exchange_agencies (id, body, card, issued, verified, revoked, "
                "seeded, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE "
                "SET body = excluded.body, card = excluded.card, issued = excluded.issued, "
                "verified = excluded.verified, revoked = excluded.revoked, "
                "updated_at = excluded.updated_at",
                (card.id, json.dumps(agency.to_dict()), card.to_bytes(),
                 card.issued.isoformat(), int(now_verified), int(card.revoked), _now()))
            self.session.audit.record("card_import", detail={
                "agency": card.id, "fingerprint": card.fingerprint, "verified": now_verified,
                "outcome": outcome})
        return CardImport(card.id, card.fingerprint, now_verified, outcome)

    def mark_verified(self, agency_id: str) -> None:
        found = self.entry(agency_id)
        if found is None or found.card is None:
            raise Refused(_("There is no key card for this agency; nothing was changed. "
                            "Import their card first."))
        with self.session.transaction() as cur:
            cur.execute("UPDATE exchange_agencies SET verified = 1, body = ?, updated_at = ? "
                        "WHERE id = ?",
                        (json.dumps(found.card.to_agency(verified=True).to_dict()), _now(),
                         agency_id))
            self.session.audit.record("card_verified", detail={
                "agency": agency_id, "fingerprint": found.card.fingerprint})

    def revoke(self, agency_id: str) -> None:
        """Stop trusting an agency's keys (e.g. its laptop was seized): its packets are
        refused and nothing is sent to it until it gives a card with new keys."""
        found = self.entry(agency_id)
        if found is None or found.card is None:
            raise Refused(_("There is no key card for this agency; nothing was changed."))
        with self.session.transaction() as cur:
            cur.execute("UPDATE exchange_agencies SET revoked = 1, verified = 0, updated_at = ? "
                        "WHERE id = ?", (_now(), agency_id))
            self.session.audit.record("card_revoke", detail={
                "agency": agency_id, "fingerprint": found.card.fingerprint})

    def receivable(self, agency_id: str) -> tuple[Agency, KeyCard]:
        """The agency and its card, or Refused saying why packets cannot go there."""
        found = self.entry(agency_id)
        if found is None:
            raise Refused(_("No agency with this id is in the directory; nothing was "
                            "exported. See 'keys list' for the ids."))
        if found.card is None:
            raise Refused(_("This agency has no key card yet, so it cannot receive packets; "
                            "nothing was exported. Import their card first."))
        if found.revoked or found.card.revoked:
            raise Refused(_("This agency's key card has been revoked; nothing was exported. "
                            "Ask the agency for a new card."))
        if found.card.expired():
            raise Refused(_("This agency's key card has expired; nothing was exported. "
                            "Ask the agency for a new card."))
        return found.agency, found.card
