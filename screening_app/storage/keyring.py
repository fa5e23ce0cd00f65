"""Which key slots are genuine, and what new slots cost.

The vault file is not authenticated as a whole: anyone who can write it can
add a slot (say, a second recovery slot sealed with the master key they got
from their own slot) or lower `kdf_for_new_slots`. So the encrypted database
records every slot this installation made (id, kind, user and public key) and
the Argon2id cost of new slots. A master-key rotation re-seals only to the
recorded slots of active users and the one recorded recovery slot; any other
slot is dropped and reported, and `check` and `user list` show it before then.

A database made before these records existed adopts, at its first unlock, the
slots it can attribute without doubt: the slot just opened, one slot per active
user where exactly one names them, one recovery slot where there is only one.
Anything ambiguous stays unrecorded and is reported as a stray slot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from screening_app.storage.database import Database
from screening_app.storage.vault import DEFAULT_KDF, KdfParams, KeySlot, SlotKind, Vault

SLOT_KDF_META = "slot_kdf"


@dataclass(frozen=True)
class SlotRecord:
    id: str
    kind: str
    user: str | None
    public_key: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record_slot(cur: Any, slot: KeySlot) -> None:
    """Record `slot` as the user's (or the recovery) slot, replacing the previous one
    (inside the caller's transaction)."""
    if slot.kind == SlotKind.RECOVERY:
        cur.execute("DELETE FROM key_slots WHERE kind = 'recovery'")
    else:
        cur.execute("DELETE FROM key_slots WHERE kind = 'user' AND user_name = ?", (slot.user,))
    cur.execute("INSERT OR REPLACE INTO key_slots (id, kind, user_name, public_key, "
                "recorded_at) VALUES (?, ?, ?, ?, ?)",
                (slot.id, slot.kind, slot.user, slot.public_key_text, _now()))


def forget_user(cur: Any, name: str) -> None:
    cur.execute("DELETE FROM key_slots WHERE kind = 'user' AND user_name = ?", (name,))


def records(db: Database) -> dict[str, SlotRecord]:
    return {str(r[0]): SlotRecord(str(r[0]), str(r[1]), r[2], str(r[3])) for r in db.query(
        "SELECT id, kind, user_name, public_key FROM key_slots")}


def active_users(db: Database) -> set[str]:
    return {str(r[0]) for r in db.query("SELECT name FROM users WHERE disabled = 0")}


def is_recorded(slot: KeySlot, recorded: dict[str, SlotRecord]) -> bool:
    found = recorded.get(slot.id)
    return (found is not None and found.kind == slot.kind and found.user == slot.user
            and found.public_key == slot.public_key_text)


def genuine(db: Database, vault: Vault, *, without_user: str | None = None) -> list[KeySlot]:
    """The vault's slots that this installation made for an active user (other than
    `without_user`) or as its recovery slot."""
    recorded = records(db)
    active = active_users(db) - ({without_user} if without_user else set())
    return [s for s in vault.slots if is_recorded(s, recorded)
            and (s.kind == SlotKind.RECOVERY or s.user in active)]


def stray_slots(db: Database, vault: Vault) -> list[KeySlot]:
    """Slots in the vault file that match no active user's recorded slot and are not
    the recorded recovery slot: planted, or left behind by an interrupted change."""
    keep = {s.id for s in genuine(db, vault)}
    return [s for s in vault.slots if s.id not in keep]


def describe(slot: KeySlot) -> dict[str, Any]:
    """What may be shown of a slot (no key material)."""
    return {"id": slot.id, "kind": slot.kind, "user": slot.user}


def plan_rotation(db: Database, vault: Vault, *, without_user: str | None = None,
                  add: tuple[KeySlot, ...] = ()) -> tuple[list[KeySlot], list[KeySlot]]:
    """(slots to re-seal, stray slots dropped): genuine slots, where each slot in
    `add` replaces the same user's slot (or the recovery slot)."""
    keep = genuine(db, vault, without_user=without_user)
    for new in add:
        keep = [s for s in keep if not (s.kind == new.kind and s.user == new.user)]
        keep.append(new)
    known = {s.id for s in genuine(db, vault)}
    stray = [s for s in vault.slots if s.id not in known]
    return keep, stray


def adopt(db: Database, vault: Vault, opened: KeySlot) -> None:
    """First unlock of a database made before slots were recorded: record what can
    be attributed without doubt (see the module's docstring)."""
    if db.query("SELECT 1 FROM key_slots LIMIT 1"):
        return
    chosen: list[KeySlot] = []
    active = active_users(db)
    for name in sorted(active):
        named = vault.slots_of(name)
        if opened.kind == SlotKind.USER and opened.user == name:
            chosen.append(opened)
        elif len(named) == 1:
            chosen.append(named[0])
    recovery = vault.recovery_slots()
    if opened.kind == SlotKind.RECOVERY:
        chosen.append(opened)
    elif len(recovery) == 1:
        chosen.append(recovery[0])
    with db.transaction() as cur:
        for slot in chosen:
            record_slot(cur, slot)


def slot_kdf(db: Database) -> KdfParams:
    """The Argon2id cost of new slots, as recorded at init inside the database (the
    built-in default when none is recorded); vault.json's value is never used."""
    rows = db.query("SELECT value FROM meta WHERE key = ?", (SLOT_KDF_META,))
    if not rows:
        return DEFAULT_KDF
    try:
        return KdfParams.from_dict(json.loads(rows[0][0]))
    except (ValueError, KeyError, TypeError):
        return DEFAULT_KDF


def set_slot_kdf(cur: Any, kdf: KdfParams) -> None:
    cur.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                (SLOT_KDF_META, json.dumps(kdf.to_dict())))
