"""The agency directory of this installation, and this installation's own
agency and device identity.

Seeded from resources/agencies/*.yaml (names and types per country, no keys);
extended by importing key cards under the continuity rule of exchange/trust.py.
Packets go only to agencies whose card was verified (fingerprint compared out of
band, or reached from a verified card by a signed key change). A card with new
keys and no proof waits as *pending* beside the held one: the agency is "keys
changed, not verified", nothing is exported to it and its packets wait in
quarantine until an officer confirms or rejects the new fingerprint.
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
from screening_app.exchange.cards import KeyCard, KeyChange, agency_id_for
from screening_app.exchange.identity import DeviceIdentity
from screening_app.exchange.trust import Assessment, Verdict, assess_card
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


class CardState:
    NO_CARD = "no-card"
    NOT_VERIFIED = "not-verified"
    VERIFIED = "verified"
    KEYS_CHANGED = "keys-changed"        # a card with new keys waits for comparison
    REVOKED = "revoked"


def state_text(state: str) -> str:
    """A directory entry's state as the command line and the windows show it."""
    return {CardState.REVOKED: _("revoked"), CardState.VERIFIED: _("verified"),
            CardState.NOT_VERIFIED: _("NOT VERIFIED"),
            CardState.KEYS_CHANGED: _("keys changed, NOT VERIFIED"),
            CardState.NO_CARD: _("no key card")}[state]


@lru_cache(maxsize=64)
def _stored_card(data: bytes) -> KeyCard:
    """A card as the directory stores it, read (parsed, its signatures and key-change
    chain checked) once per process for the same bytes: importing one packet consults
    its sender's card three times (open, apply, receipt). Cards are frozen and
    nothing changes one in place; a changed card is other bytes."""
    return KeyCard.from_bytes(data)


@dataclass(frozen=True)
class DirectoryEntry:
    agency: Agency
    card: KeyCard | None
    revoked: bool
    seeded: bool
    pending: KeyCard | None = None       # new keys, not proven: compare before use

    @property
    def verified(self) -> bool:
        return self.agency.verified

    @property
    def state(self) -> str:
        if self.revoked or (self.card is not None and self.card.revoked):
            return CardState.REVOKED
        if self.card is None:
            return CardState.NO_CARD
        if self.pending is not None:
            return CardState.KEYS_CHANGED
        return CardState.VERIFIED if self.verified else CardState.NOT_VERIFIED


@dataclass(frozen=True)
class CardImport:
    agency_id: str
    fingerprint: str
    verified: bool
    outcome: str          # new | updated | unchanged | key-change | keys-changed | revoked
    old_fingerprint: str | None = None

    def describe(self, command_line: bool = True) -> str:
        """What happened, for the user; the hint on verifying fits the CLI or the GUI."""
        what = {
            "new": _("Key card of {agency} imported."),
            "updated": _("Key card of {agency} updated (same keys)."),
            "unchanged": _("Key card of {agency} was already imported; nothing changed."),
            "key-change": _("Key card of {agency} imported with new keys, proven by a "
                            "statement signed with its previous key."),
            "keys-changed": _("Key card of {agency} offers NEW KEYS without proof: nothing is "
                              "sent to this agency and its packets wait in quarantine until "
                              "you compare the new fingerprint with the agency. Held "
                              "fingerprint: {old}.").format(agency="{agency}",
                                                            old=self.old_fingerprint),
            "keys-confirmed": _("Key card of {agency} imported with NEW KEYS that you "
                                "compared with the agency (previous fingerprint: {old})."),
            "revoked": _("Key card of {agency} says its keys are revoked: its packets are "
                         "refused from now on."),
        }[self.outcome].format(agency=self.agency_id, old=self.old_fingerprint or "")
        line = what + " " + _("Fingerprint: {fingerprint}").format(fingerprint=self.fingerprint)
        if self.outcome == "keys-changed":
            line += "\n" + (_("If it matches what the agency reads to you, import the card "
                              "again with --verified; if not, run 'keys reject-change "
                              "{agency}'.").format(agency=self.agency_id)
                            if command_line else
                            _("Open the card to compare the old and new fingerprints."))
        elif not self.verified and self.outcome != "revoked":
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

    def has_identity(self) -> bool:
        """Were packet keys ever made here? (`identity()` makes them on first use.)"""
        return bool(self.session.database.query(
            "SELECT 1 FROM exchange_identity WHERE device_id = ?", (self.session.device.id,)))

    def retired_identities(self) -> tuple[str, ...]:
        """Age identities replaced by a key rotation, kept until their date for packets
        already on their way; past it they are destroyed here."""
        now = _now()
        db = self.session.database
        if db.query("SELECT 1 FROM exchange_retired_identities WHERE destroy_after <= ? "
                    "LIMIT 1", (now,)):
            db.connection.execute("PRAGMA secure_delete = ON")   # overwrite, not just unlink
            try:
                with self.session.transaction() as cur:
                    gone = cur.execute("DELETE FROM exchange_retired_identities "
                                       "WHERE destroy_after <= ?", (now,)).rowcount
                    self.session.audit.record("retired_keys_destroyed",
                                              detail={"count": gone})
            finally:
                db.connection.execute("PRAGMA secure_delete = OFF")
        return tuple(str(r[0]) for r in db.query(
            "SELECT age_identity FROM exchange_retired_identities ORDER BY retired_at"))

    def own_card(self, valid_days: int | None = None) -> KeyCard:
        """This agency's card, carrying the statements that lead to its keys from the
        ones partners may still hold (exchange/rotation.py)."""
        expires = None if valid_days is None else utc_now() + timedelta(days=valid_days)
        changes = tuple(KeyChange.from_dict(json.loads(r[0])) for r in
                        self.session.database.query(
                            "SELECT statement FROM exchange_key_changes ORDER BY seq"))
        return KeyCard.for_agency(self.own_agency(), self.identity(), expires=expires,
                                  key_changes=changes)

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

    _COLUMNS = "body, card, verified, revoked, seeded, pending_card"

    def entries(self) -> list[DirectoryEntry]:
        rows = self.session.database.query(
            f"SELECT {self._COLUMNS} FROM exchange_agencies ORDER BY id")  # noqa: S608
        return [self._entry(row) for row in rows]

    def entry(self, agency_id: str) -> DirectoryEntry | None:
        rows = self.session.database.query(
            f"SELECT {self._COLUMNS} FROM exchange_agencies WHERE id = ?",  # noqa: S608
            (agency_id,))
        return self._entry(rows[0]) if rows else None

    @staticmethod
    def _entry(row: Any) -> DirectoryEntry:
        body, card, verified, revoked, seeded, pending = row
        agency = Agency.from_dict(json.loads(body))
        agency.verified = bool(verified)
        parsed = None if card is None else _stored_card(bytes(card))
        waiting = None if pending is None else _stored_card(bytes(pending))
        return DirectoryEntry(agency, parsed, bool(revoked), bool(seeded), waiting)

    def card(self, agency_id: str) -> KeyCard | None:
        """The card packets from this agency are checked against: marked revoked when
        revoked here or by its agency; None while new keys wait for comparison (its
        packets then wait in quarantine, see `quarantine_reason`)."""
        found = self.entry(agency_id)
        if found is None or found.card is None or found.pending is not None:
            return None
        return replace(found.card, revoked=True) if found.revoked else found.card

    def quarantine_reason(self, agency_id: str) -> str:
        """Why a packet from this agency waits: 'keys-changed' or 'unknown-sender'."""
        found = self.entry(agency_id)
        return "keys-changed" if found is not None and found.pending is not None \
            else "unknown-sender"

    def is_verified(self, agency_id: str) -> bool:
        found = self.entry(agency_id)
        return bool(found and found.verified)

    def assess(self, data: bytes) -> tuple[KeyCard, Assessment, DirectoryEntry | None]:
        """Read a card and judge it against the held one (nothing is written)."""
        card = KeyCard.from_bytes(data)
        if card.id == self.own_agency().id:
            raise Refused(_("This is the key card of this installation's own agency; "
                            "nothing was imported."))
        old = self.entry(card.id)
        held = None if old is None else old.card
        verdict = assess_card(held, card, now=utc_now(),
                              held_revoked=bool(old is not None and old.revoked))
        return card, verdict, old

    def import_card(self, data: bytes, verified: bool = False) -> CardImport:
        """Add or update an agency's card under the continuity rule (exchange/trust.py);
        `verified`: an officer compared this card's fingerprint with the agency. One
        transaction, audited; a refusal changes nothing."""
        card, verdict, old = self.assess(data)
        if not verdict.accepted:
            raise Refused(verdict.message())
        was_verified = bool(old is not None and old.verified)
        if verdict.verdict is Verdict.KEYS_CHANGED and not verified:
            with self.session.transaction() as cur:
                cur.execute("UPDATE exchange_agencies SET pending_card = ?, pending_at = ? "
                            "WHERE id = ?", (card.to_bytes(), _now(), card.id))
                self.session.audit.record("card_keys_changed", detail={
                    "agency": card.id, "fingerprint": card.fingerprint,
                    "held_fingerprint": verdict.old_fingerprint})
            return CardImport(card.id, card.fingerprint, False, "keys-changed",
                              verdict.old_fingerprint)
        outcome = {Verdict.NEW: "new", Verdict.SAME: "unchanged", Verdict.RENEWAL: "updated",
                   Verdict.KEY_CHANGE_PROVEN: "key-change", Verdict.KEYS_CHANGED:
                   "keys-confirmed", Verdict.REVOCATION_PROVEN: "revoked"}[verdict.verdict]
        # Trust carries over only along proof; new keys confirmed by an officer are
        # verified by that confirmation.
        now_verified = verified or (was_verified and verdict.proven
                                    and verdict.verdict is not Verdict.REVOCATION_PROVEN)
        self._store(card, now_verified, outcome, verdict.old_fingerprint)
        return CardImport(card.id, card.fingerprint, now_verified, outcome,
                          verdict.old_fingerprint)

    def follow_card(self, data: bytes) -> CardImport | None:
        """Import a card found in a sync folder only when it follows from what is held
        (a signed key change, a signed revocation, new details): a stranger's card
        changes nothing. None when skipped."""
        try:
            _card, verdict, old = self.assess(data)
        except Refused:
            return None
        if not verdict.proven or verdict.verdict is Verdict.SAME or old is None:
            return None
        return self.import_card(data)

    def _store(self, card: KeyCard, verified: bool, outcome: str,
               old_fingerprint: str | None) -> None:
        agency = card.to_agency(verified=verified)
        with self.session.transaction() as cur:
            cur.execute(
                "INSERT INTO exchange_agencies (id, body, card, issued, verified, revoked, "
                "seeded, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (id) DO UPDATE "
                "SET body = excluded.body, card = excluded.card, issued = excluded.issued, "
                "verified = excluded.verified, revoked = excluded.revoked, "
                "updated_at = excluded.updated_at, pending_card = NULL, pending_at = NULL",
                (card.id, json.dumps(agency.to_dict()), card.to_bytes(),
                 card.issued.isoformat(), int(verified),
                 int(card.revoked or outcome == "revoked"), _now()))
            self.session.audit.record("card_import", detail={
                "agency": card.id, "fingerprint": card.fingerprint, "verified": verified,
                "outcome": outcome, "previous_fingerprint": old_fingerprint})

    def mark_verified(self, agency_id: str) -> None:
        """An officer compared the fingerprint with the agency: the held card, or the
        pending card with new keys when there is one, is trusted from now on."""
        found = self.entry(agency_id)
        if found is None or found.card is None:
            raise Refused(_("There is no key card for this agency; nothing was changed. "
                            "Import their card first."))
        if found.pending is not None:
            self._store(found.pending, True, "keys-confirmed", found.card.fingerprint)
            return
        with self.session.transaction() as cur:
            cur.execute("UPDATE exchange_agencies SET verified = 1, body = ?, updated_at = ? "
                        "WHERE id = ?",
                        (json.dumps(found.card.to_agency(verified=True).to_dict()), _now(),
                         agency_id))
            self.session.audit.record("card_verified", detail={
                "agency": agency_id, "fingerprint": found.card.fingerprint})

    def reject_pending(self, agency_id: str) -> None:
        """The new fingerprint did not match what the agency read out: drop the
        pending card and keep the held keys (packets held meanwhile can be released)."""
        found = self.entry(agency_id)
        if found is None or found.pending is None:
            raise Refused(_("No new keys are waiting for this agency; nothing was changed."))
        with self.session.transaction() as cur:
            cur.execute("UPDATE exchange_agencies SET pending_card = NULL, pending_at = NULL, "
                        "updated_at = ? WHERE id = ?", (_now(), agency_id))
            self.session.audit.record("card_change_rejected", detail={
                "agency": agency_id, "fingerprint": found.pending.fingerprint})

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
        """The agency and its card, or Refused saying why packets cannot go there:
        packets go only to verified cards whose keys did not change unproven."""
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
        if found.pending is not None:
            raise Refused(_("This agency's keys changed and the change is not verified; "
                            "nothing was exported. Compare the new fingerprint with the "
                            "agency first."))
        if not found.verified:
            raise Refused(_("This agency's key card is not verified; nothing was exported. "
                            "Compare its fingerprint with the agency by phone or in person "
                            "first."))
        return found.agency, found.card
