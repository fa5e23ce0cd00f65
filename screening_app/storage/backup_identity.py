"""Who a backup belongs to, proven: the installation id, agency, creation time, case
count, last change and the head of the audit chain, sealed with an HMAC under a key
derived from the database master key (so only a holder of a key slot of that
installation can make one, and no byte of it can change unnoticed).

Restore never trusts the manifest alone: it opens the backup, reads the same facts
from the backup's own database and refuses when they differ from the sealed ones.
Whether a backup is older than what is here is decided by the two audit chains (is
one a prefix of the other, and how many changes lie beyond the common part), never
by a time written in the manifest.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screening_app.storage.audit import GENESIS, NOT_CHANGES
from screening_app.storage.database import Database

_KEY_INFO = b"screening-app backup identity v2"


@dataclass(frozen=True)
class InstallationFacts:
    """What a database says about its installation (no personal data)."""

    installation_id: str          # the vault id, fixed at init
    agency: str | None
    country: str | None
    cases: int
    last_change: str | None
    audit_rows: int               # rows of the audit chain counted
    audit_head: str               # hash of the last of them
    key_generation: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> InstallationFacts:
        if set(d) != set(cls.__dataclass_fields__):
            raise ValueError("identity fields")
        facts = cls(**d)
        if not (isinstance(facts.installation_id, str) and isinstance(facts.cases, int)
                and isinstance(facts.audit_rows, int) and isinstance(facts.audit_head, str)
                and isinstance(facts.key_generation, int)):
            raise ValueError("identity values")
        return facts


def facts_of(db: Database, key_generation: int, before: str | None = None) -> InstallationFacts:
    """The facts of an open database. `before` (an audit time) leaves out the rows
    written from then on (the logins of the restore itself)."""
    meta = dict(db.query("SELECT key, value FROM meta"))
    cutoff = "" if before is None else " WHERE at < ?"
    params: tuple[Any, ...] = () if before is None else (before,)
    head = db.query(f"SELECT id, hash FROM audit_log{cutoff} ORDER BY id DESC LIMIT 1",  # noqa: S608
                    params)
    rows, head_hash = (0, GENESIS) if not head else (int(head[0][0]), str(head[0][1]))
    marks = ", ".join("?" for _ in NOT_CHANGES)
    changed = db.query(f"SELECT at FROM audit_log WHERE id <= ? AND action NOT IN ({marks}) "  # noqa: S608
                       "ORDER BY id DESC LIMIT 1", (rows, *NOT_CHANGES))
    return InstallationFacts(
        installation_id=str(meta.get("vault_id", "")), agency=meta.get("agency_name"),
        country=meta.get("country"), cases=int(db.query("SELECT count(*) FROM cases")[0][0]),
        last_change=str(changed[0][0]) if changed else None, audit_rows=rows,
        audit_head=head_hash, key_generation=key_generation)


def _key(master_key: bytes | bytearray) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_KEY_INFO).derive(bytes(master_key))


def _canonical(identity: dict[str, Any]) -> bytes:
    return json.dumps(identity, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def seal(identity: dict[str, Any], master_key: bytes | bytearray) -> str:
    """The HMAC-SHA256 of the identity (hex) under the installation's key."""
    return hmac.new(_key(master_key), _canonical(identity), hashlib.sha256).hexdigest()


def verify(identity: dict[str, Any], mac: Any, master_key: bytes | bytearray) -> bool:
    return isinstance(mac, str) and hmac.compare_digest(seal(identity, master_key), mac)


def common_rows(ours: Database, theirs: Database, our_rows: int, their_rows: int) -> int:
    """How many audit rows two databases share from the start: a hash chain, so
    when row n is the same in both, every row before it is too."""
    low, high = 0, min(our_rows, their_rows)
    while low < high:                       # the largest n whose row n is shared
        middle = (low + high + 1) // 2
        if _row_hash(ours, middle) == _row_hash(theirs, middle):
            low = middle
        else:
            high = middle - 1
    return low


def _row_hash(db: Database, row: int) -> str | None:
    found = db.query("SELECT hash FROM audit_log WHERE id = ?", (row,))
    return str(found[0][0]) if found else None


def changes_after(db: Database, row: int, until: int) -> tuple[int, int]:
    """(cases, changes) recorded in audit rows row+1 … until (what a restore to the
    state of `row` would set aside)."""
    marks = ", ".join("?" for _ in NOT_CHANGES)
    changes, cases = db.query(
        f"SELECT count(*), count(DISTINCT case_id) FROM audit_log WHERE id > ? AND id <= ? "  # noqa: S608
        f"AND action NOT IN ({marks})", (row, until, *NOT_CHANGES))[0]
    return int(cases), int(changes)
