"""`check`: what is verified in an unlocked data directory, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from screening_app.storage import anchors, keyring
from screening_app.storage.audit import AuditLog
from screening_app.storage.damage import DatabaseDamaged
from screening_app.storage.database import Database
from screening_app.storage.vault import Vault


@dataclass
class CheckReport:
    """What `check` found; `ok` when every part is clean."""

    integrity: list[str] = field(default_factory=list)
    cipher_integrity: list[str] = field(default_factory=list)
    audit_broken_row: int | None = None
    audit_rows: int = 0
    errors: list[str] = field(default_factory=list)   # parts that could not be read
    stray_slots: list[dict[str, Any]] = field(default_factory=list)
    checkpoints: int = 0               # signed checkpoints that still match the chain
    anchored_rows: int = 0             # rows covered by the newest of them
    checkpoint_mismatch: int | None = None   # first checkpoint the chain no longer matches
    own_anchor_broken: bool = False    # the checking signer's own sealed anchor

    @property
    def ok(self) -> bool:
        return (self.integrity == ["ok"] and not self.cipher_integrity
                and self.audit_broken_row is None and not self.errors
                and not self.stray_slots and self.checkpoint_mismatch is None
                and not self.own_anchor_broken)

    @property
    def unanchored_rows(self) -> int:
        return max(0, self.audit_rows - self.anchored_rows)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "integrity": self.integrity,
                "cipher_integrity": self.cipher_integrity,
                "audit_broken_row": self.audit_broken_row, "audit_rows": self.audit_rows,
                "errors": self.errors, "stray_slots": self.stray_slots,
                "checkpoints": self.checkpoints, "anchored_rows": self.anchored_rows,
                "unanchored_rows": self.unanchored_rows,
                "checkpoint_mismatch": self.checkpoint_mismatch,
                "own_anchor_broken": self.own_anchor_broken}


def check_store(db: Database, vault: Vault, audit: AuditLog,
                signer_state: dict[str, Any] | None) -> CheckReport:
    """Every page's HMAC, SQLite's structure check, the audit chain and its signed
    checkpoints (and the checking signer's own anchor), and slots in the vault
    file this installation did not make. A part that cannot even be read is
    reported in `errors`, not raised."""
    report = CheckReport()
    try:
        report.cipher_integrity = [str(r[0]) for r in db.query("PRAGMA cipher_integrity_check")]
    except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
        report.errors.append(f"cipher_integrity_check: {error}")
    try:
        report.integrity = [str(r[0]) for r in db.query("PRAGMA integrity_check")]
    except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
        report.errors.append(f"integrity_check: {error}")
    try:
        report.audit_broken_row = audit.verify()
        report.audit_rows = int(db.query("SELECT count(*) FROM audit_log")[0][0])
        checkpoints = anchors.verify_checkpoints(db, vault.vault_id)
        report.checkpoints = checkpoints.checkpoints
        report.anchored_rows = checkpoints.anchored_rows
        report.checkpoint_mismatch = checkpoints.mismatch
        report.own_anchor_broken = (signer_state is not None
                                    and not anchors.anchor_holds(db, signer_state))
        report.stray_slots = [keyring.describe(s) for s in keyring.stray_slots(db, vault)]
    except (sqlcipher.DatabaseError, DatabaseDamaged) as error:
        report.errors.append(f"audit_log: {error}")
    return report
