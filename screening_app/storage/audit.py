"""The audit log: append-only, each row chained to the previous by SHA-256.

Rows say who did what to which case and when; `detail` holds ids, counts and
field names only, never personal data (names, answers, free text). Changing,
deleting or inserting a row breaks the chain from that row on; `verify` finds
the first broken row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from screening_app.storage.database import Database

GENESIS = "0" * 64


class AuditAction:
    CREATE = "create"
    UPDATE = "update"
    VIEW = "view"
    EXPORT = "export"
    IMPORT = "import"
    PRINT = "print"
    LOGIN = "login"
    FAILED_LOGIN = "failed_login"
    RECOVERY_LOGIN = "recovery_login"
    USER_ADD = "user_add"
    USER_PASSWD = "user_passwd"  # noqa: S105 - an action name
    USER_DISABLE = "user_disable"
    RECOVERY_CODE = "recovery_code"
    REKEY = "rekey"
    BACKUP = "backup"
    RESTORE = "restore"
    DECISION = "decision"
    OUTCOME = "outcome"
    REFERRAL = "referral"


NOT_CHANGES = (AuditAction.LOGIN, AuditAction.FAILED_LOGIN, AuditAction.RECOVERY_LOGIN,
               AuditAction.VIEW, AuditAction.BACKUP, AuditAction.RESTORE)


def row_hash(prev_hash: str, row_id: int, at: str, user: str | None, action: str,
             case_id: str | None, detail: str) -> str:
    body = json.dumps({"id": row_id, "at": at, "user": user, "action": action,
                       "case_id": case_id, "detail": detail, "prev": prev_hash},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _scalar_detail(detail: dict[str, Any] | None) -> str:
    # Only flat JSON scalars and lists of scalars: keeps free text (and with it
    # personal data) from creeping in through nested documents.
    clean: dict[str, Any] = {}
    for key, value in (detail or {}).items():
        if isinstance(value, list):
            value = [v for v in value if isinstance(v, str | int | float | bool) or v is None]
        elif not (isinstance(value, str | int | float | bool) or value is None):
            value = str(type(value).__name__)
        clean[str(key)] = value
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class AuditLog:
    def __init__(self, db: Database, user: str | None) -> None:
        self._db = db
        self._user = user

    def record(self, action: str, case_id: str | None = None,
               detail: dict[str, Any] | None = None, *, user: str | None = None) -> int:
        """Append one row (joins the caller's transaction if there is one)."""
        at = datetime.now(UTC).isoformat(timespec="microseconds")
        who = user if user is not None else self._user
        text = _scalar_detail(detail)
        with self._db.transaction() as cur:
            last = cur.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"
                               ).fetchone()
            prev_id, prev_hash = (0, GENESIS) if last is None else (int(last[0]), str(last[1]))
            row_id = prev_id + 1
            digest = row_hash(prev_hash, row_id, at, who, action, case_id, text)
            cur.execute("INSERT INTO audit_log (id, at, user, action, case_id, detail, "
                        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (row_id, at, who, action, case_id, text, prev_hash, digest))
        return row_id

    def verify(self) -> int | None:
        """None when the chain is whole, else the id of the first broken row."""
        prev_hash = GENESIS
        expected_id = 1
        for row in self._db.query("SELECT id, at, user, action, case_id, detail, prev_hash, "
                                  "hash FROM audit_log ORDER BY id"):
            row_id, at, user, action, case_id, detail, stored_prev, stored = row
            if row_id != expected_id or stored_prev != prev_hash:
                return int(row_id)
            if row_hash(prev_hash, row_id, at, user, action, case_id, detail) != stored:
                return int(row_id)
            prev_hash = stored
            expected_id += 1
        return None

    def last_change(self) -> str | None:
        """Time of the newest row that changed data (every change is audited;
        logins, views and backups change nothing): used by restore."""
        marks = ", ".join("?" for _ in NOT_CHANGES)
        rows = self._db.query(f"SELECT at FROM audit_log WHERE action NOT IN ({marks}) "  # noqa: S608
                              "ORDER BY id DESC LIMIT 1", NOT_CHANGES)
        return str(rows[0][0]) if rows else None

    def entries(self, case_id: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        sql = "SELECT id, at, user, action, case_id, detail FROM audit_log"
        params: tuple[Any, ...] = ()
        if case_id is not None:
            sql += " WHERE case_id = ?"
            params = (case_id,)
        sql += " ORDER BY id DESC LIMIT ?"
        rows = self._db.query(sql, (*params, limit))
        return [{"id": r[0], "at": r[1], "user": r[2], "action": r[3], "case_id": r[4],
                 "detail": json.loads(r[5])} for r in rows]
