"""Device settings and per-user settings, stored inside the encrypted database."""

from __future__ import annotations

import json
from typing import Any

from screening_app.storage.database import Database

DEVICE = "device"


class Settings:
    """`get` looks in the user's settings, then the device's, then `default`;
    `set` writes the user's setting unless `device=True`."""

    def __init__(self, db: Database, user: str) -> None:
        self._db = db
        self._scope = f"user:{user}"

    def get(self, key: str, default: Any = None) -> Any:
        rows = self._db.query(
            "SELECT value FROM settings WHERE key = ? AND scope IN (?, ?) "
            "ORDER BY scope = ? DESC LIMIT 1", (key, self._scope, DEVICE, self._scope))
        return json.loads(rows[0][0]) if rows else default

    def set(self, key: str, value: Any, *, device: bool = False) -> None:
        scope = DEVICE if device else self._scope
        with self._db.transaction() as cur:
            cur.execute("INSERT INTO settings (scope, key, value) VALUES (?, ?, ?) "
                        "ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value",
                        (scope, key, json.dumps(value, ensure_ascii=False)))

    def delete(self, key: str, *, device: bool = False) -> None:
        scope = DEVICE if device else self._scope
        with self._db.transaction() as cur:
            cur.execute("DELETE FROM settings WHERE scope = ? AND key = ?", (scope, key))
