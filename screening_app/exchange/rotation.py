"""Rotating this agency's packet keys, so a person who leaves takes nothing.

The age identity that opens packets and the Ed25519 key that signs them live in
the encrypted database, which every user can read: anyone who left with a copy
(a backup, a copy of the laptop) could go on opening what partners send. So
when a user is disabled (by default) or with `keys rotate`:

1. a new identity and signing key replace the old ones;
2. a key-change statement signed by the OLD signing key names the new keys
   (cards.KeyChange), and the new key card carries it, so partners holding the
   old card accept the new one without a phone call (exchange/trust.py);
3. that card waits in the outbox for every partner: the next sync takes it, by
   either transport (a `*.card` file in the folder, or to the relay, which
   enrols it by the statement and gives it to partners syncing there), and the
   partner's sync follows it;
4. the old age identity is kept for RETIRED_IDENTITY_DAYS only, to open packets
   already on their way, then destroyed (AgencyDirectory.retired_identities).
   The old signing key is dropped at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from screening_app.domain import Role
from screening_app.domain.models import utc_now
from screening_app.errors import Refused
from screening_app.exchange.cards import MAX_CARD_BYTES, KeyCard, KeyChange
from screening_app.exchange.directory import AgencyDirectory, CardImport, CardState
from screening_app.exchange.identity import DeviceIdentity
from screening_app.i18n import _
from screening_app.storage.datadir import write_atomically

if TYPE_CHECKING:
    from screening_app.storage import Session

# Long enough for a USB stick to cross a border and come back; after that the
# old key is destroyed and a partner who never synced must be sent the card again.
RETIRED_IDENTITY_DAYS = 30
CARD_SUFFIX = ".card"


@dataclass(frozen=True)
class KeyRotation:
    old_fingerprint: str
    new_fingerprint: str
    partners: int                 # partners the new card is queued for
    queued_old: int               # packets in the outbox still signed with the old key
    destroy_after: datetime

    def describe(self) -> str:
        line = _("The agency's packet keys were changed (new fingerprint: {fingerprint}). The "
                 "new key card, signed with the previous key, waits in the outbox for {n} "
                 "partners; the next sync takes it to them.").format(
                     fingerprint=self.new_fingerprint, n=self.partners)
        line += " " + _("Packets already sent to the old key can be opened until {date}; "
                        "then the old key is destroyed.").format(
                            date=self.destroy_after.date().isoformat())
        if self.queued_old:
            line += " " + _("{n} packets waiting in the outbox are signed with the old key: "
                            "partners will refuse them, so export those cases again.").format(
                                n=self.queued_old)
        return line


def rotation_failed(reason: str) -> str:
    """The user was disabled but the packet keys could not be changed."""
    return _("The user is disabled, but the agency's packet keys were not changed "
             "({reason}). Run 'screening-app keys rotate' as an administrator.").format(
                 reason=reason)


def rotate_agency_keys(session: Session, *, now: datetime | None = None) -> KeyRotation | None:
    """Replace this agency's packet keys (administrators). None when there is
    nothing to rotate: no agency, or no packet keys were ever made here."""
    if session.user.role is not Role.ADMIN:
        raise Refused(_("Only an administrator can change the agency's packet keys."))
    directory = AgencyDirectory(session)
    if not directory.has_identity():
        return None
    try:
        old_card = directory.own_card()
    except Refused:
        return None                       # no agency: packets were never exchanged
    now = now or utc_now()
    old = directory.identity()
    fresh = DeviceIdentity.generate()
    new = DeviceIdentity(old.device_id, fresh.age_identity, fresh.signing_secret, now)
    statement = KeyChange.make(old_card, old, new)
    destroy_after = now + timedelta(days=RETIRED_IDENTITY_DAYS)
    partners = [e.agency.id for e in directory.entries()
                if e.card is not None and e.state != CardState.REVOKED]
    with session.transaction() as cur:
        cur.execute("UPDATE exchange_identity SET secret = ?, created_at = ? WHERE device_id = ?",
                    (json.dumps(new.to_dict()), now.isoformat(), old.device_id))
        cur.execute("INSERT OR REPLACE INTO exchange_retired_identities (age_identity, "
                    "retired_at, destroy_after) VALUES (?, ?, ?)",
                    (old.age_identity, now.isoformat(), destroy_after.isoformat()))
        cur.execute("INSERT INTO exchange_key_changes (statement) VALUES (?)",
                    (json.dumps(statement.to_dict()),))
        card = directory.own_card()
        # The new card carries every earlier statement: it replaces any not yet sent.
        cur.execute("DELETE FROM exchange_card_outbox WHERE copied_at IS NULL")
        for agency_id in partners:
            cur.execute("INSERT OR REPLACE INTO exchange_card_outbox (recipient, card, "
                        "fingerprint, created_at) VALUES (?, ?, ?, ?)",
                        (agency_id, card.to_bytes(), card.fingerprint, now.isoformat()))
        queued_old = int(cur.execute("SELECT count(*) FROM exchange_outbox WHERE "
                                     "state = 'queued'").fetchone()[0])
        session.audit.record("packet_keys_rotated", detail={
            "old_fingerprint": old_card.fingerprint, "new_fingerprint": card.fingerprint,
            "partners": len(partners), "destroy_after": destroy_after.isoformat()})
    return KeyRotation(old_card.fingerprint, card.fingerprint, len(partners), queued_old,
                       destroy_after)


def card_file_name(own_id: str, fingerprint: str, recipient: str) -> str:
    return f"{own_id}-{fingerprint.split()[0]}-for-{recipient}{CARD_SUFFIX}"


def cards_waiting(session: Session) -> list[tuple[str, bytes, str]]:
    """(partner, card, fingerprint) of every new key card not yet sent."""
    return [(str(r), bytes(c), str(f)) for r, c, f in session.database.query(
        "SELECT recipient, card, fingerprint FROM exchange_card_outbox "
        "WHERE copied_at IS NULL ORDER BY recipient")]


def card_sent(session: Session, recipient: str, fingerprint: str) -> None:
    with session.transaction() as cur:
        cur.execute("UPDATE exchange_card_outbox SET copied_at = ? WHERE recipient = ? "
                    "AND fingerprint = ?", (utc_now().isoformat(), recipient, fingerprint))


def post_cards(session: Session, folder: Path) -> int:
    """Write every new key card waiting for a partner into the sync folder."""
    rows = cards_waiting(session)
    if not rows:
        return 0
    own = AgencyDirectory(session).own_agency().id
    for recipient, card, fingerprint in rows:
        try:
            write_atomically(folder / card_file_name(own, fingerprint, recipient), card)
        except OSError:
            raise Refused(_("Could not write to the sync folder (full or read-only); the "
                            "packets not yet copied stay queued.")) from None
        card_sent(session, recipient, fingerprint)
    return len(rows)


def follow_cards(session: Session, folder: Path) -> list[CardImport]:
    """Import the key cards in the sync folder that follow from cards held here (a
    signed key change or revocation); any other card is left alone."""
    found: list[bytes] = []
    for path in sorted(folder.glob("*" + CARD_SUFFIX)):
        try:
            if not path.is_file() or path.stat().st_size > MAX_CARD_BYTES:
                continue
            found.append(path.read_bytes())
        except OSError:
            continue
    return follow(session, found)


def follow(session: Session, offered: Iterable[bytes]) -> list[CardImport]:
    """Import the cards of `offered` (from a folder or a relay) that follow from
    cards held here; any other card, this agency's own included, is left alone."""
    cards = list(offered)
    if not cards:
        return []
    directory = AgencyDirectory(session)
    own_id = directory.own_agency().id
    followed: list[CardImport] = []
    for data in cards:
        try:
            own = KeyCard.from_bytes(data).id == own_id
        except Refused:
            continue
        done = None if own else directory.follow_card(data)
        if done is not None:
            followed.append(done)
    return followed
