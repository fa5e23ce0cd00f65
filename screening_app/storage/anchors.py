"""Signed audit checkpoints: an audit history no officer can rewrite unnoticed.

The audit log is a hash chain (storage/audit.py), so anyone who holds the master
key can delete rows and compute the chain again. Each supervisor and
administrator therefore has a personal Ed25519 signing key, sealed in their own
key slot only (Vault.seal_state: only their passphrase opens it). At each of
their unlocks, and on every backup they make, the program signs a checkpoint of
the chain's head: the number of rows and the hash of the last one. The slot
also keeps, sealed, the last checkpoint its owner signed (their *anchor*).

What `check` then proves (docs/threat-model.md, "Audit log"):
* every checkpoint whose signature is valid and whose signer is recorded still
  matches the chain: rows up to the newest one were not changed since it was
  signed; rows after it are reported as not yet signed;
* for a supervisor or administrator who runs it (and at each of their unlocks),
  their own anchor, which nobody else can forge or move, still matches: this
  holds even if someone deleted every checkpoint row and added a signer.
It does not prove that rows were true when written, nor anything about rows
after the last checkpoint; someone with the master key can still delete the
checkpoint rows (only the anchors of the people who signed them notice).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from screening_app.domain import Role
from screening_app.storage.database import Database

SIGNER_ROLES = (Role.SUPERVISOR, Role.ADMIN)
_CONTEXT = b"screening-app audit checkpoint v1\n"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def new_signer_state() -> dict[str, Any]:
    """What a supervisor's or administrator's slot seals: a fresh signing key, no
    anchor yet."""
    return {"signing_key": _b64(Ed25519PrivateKey.generate().private_bytes_raw()),
            "anchor": None}


def _private(state: dict[str, Any]) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(state["signing_key"]))


def signer_public(state: dict[str, Any]) -> str:
    return _b64(_private(state).public_key().public_bytes_raw())


def register_signer(cur: Any, user: str, state: dict[str, Any]) -> None:
    """Record the public half of a new signing key (inside the caller's transaction)."""
    cur.execute("INSERT OR IGNORE INTO audit_signers (public_key, user_name, added_at) "
                "VALUES (?, ?, ?)", (signer_public(state), user,
                                     datetime.now(UTC).isoformat(timespec="microseconds")))


def _message(vault_id: str, rows: int, head: str, at: str, user: str, public_key: str,
             reason: str) -> bytes:
    return _CONTEXT + json.dumps(
        {"vault_id": vault_id, "rows": rows, "head": head, "at": at, "user": user,
         "key": public_key, "reason": reason},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _head(db: Database) -> tuple[int, str] | None:
    rows = db.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    return (int(rows[0][0]), str(rows[0][1])) if rows else None


def anchor_holds(db: Database, state: dict[str, Any]) -> bool:
    """Does the chain still have, at the anchored row, the hash its owner signed?"""
    anchor = state.get("anchor")
    if not anchor:
        return True
    rows = db.query("SELECT hash FROM audit_log WHERE id = ?", (int(anchor["rows"]),))
    return bool(rows) and rows[0][0] == anchor["hash"]


def sign_checkpoint(db: Database, vault_id: str, user: str, state: dict[str, Any],
                    reason: str) -> bool:
    """Sign the chain's head and move the owner's anchor to it (the caller seals the
    changed state back into the slot). False when there is nothing to sign."""
    with db.transaction() as cur:
        head = _head(db)
        if head is None:
            return False
        rows, digest = head
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        public = signer_public(state)
        signature = _private(state).sign(_message(vault_id, rows, digest, at, user, public,
                                                  reason))
        cur.execute("INSERT INTO audit_checkpoints (rows, head_hash, at, user_name, "
                    "public_key, reason, signature) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rows, digest, at, user, public, reason, _b64(signature)))
    state["anchor"] = {"rows": rows, "hash": digest}
    return True


@dataclass(frozen=True)
class CheckpointReport:
    checkpoints: int = 0               # valid checkpoints that match the chain
    anchored_rows: int = 0             # rows covered by the newest of them
    mismatch: int | None = None        # first checkpoint that no longer matches (its id)


def verify_checkpoints(db: Database, vault_id: str) -> CheckpointReport:
    """Check every checkpoint: a recorded signer, a valid signature, and the chain
    still holding the signed hash at the signed row."""
    signers = {str(r[0]): str(r[1]) for r in db.query(
        "SELECT public_key, user_name FROM audit_signers")}
    valid = anchored = 0
    mismatch: int | None = None
    for row in db.query("SELECT id, rows, head_hash, at, user_name, public_key, reason, "
                        "signature FROM audit_checkpoints ORDER BY id"):
        cid, rows, head, at, user, public, reason, signature = row
        if signers.get(public) != user or not _signature_ok(
                public, signature, _message(vault_id, int(rows), head, at, user, public,
                                            reason)):
            mismatch = mismatch if mismatch is not None else int(cid)
            continue
        found = db.query("SELECT hash FROM audit_log WHERE id = ?", (int(rows),))
        if not found or found[0][0] != head:
            mismatch = mismatch if mismatch is not None else int(cid)
            continue
        valid += 1
        anchored = max(anchored, int(rows))
    return CheckpointReport(valid, anchored, mismatch)


def _signature_ok(public: str, signature: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(
            base64.b64decode(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True
