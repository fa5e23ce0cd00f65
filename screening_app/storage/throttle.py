"""Failed unlocks slow down the next attempts.

The count lives in a side file of the data directory (the database cannot be
written before an unlock), so restarting the program does not reset it. The
next successful unlock copies the failures into the audit log and clears them.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening_app.storage.datadir import write_atomically

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300
MAX_EVENTS = 200


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong passphrases in a row: 0, 0, 0, 1, 2, 4 … 300."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS))


@dataclass
class FailedUnlocks:
    path: Path
    count: int = 0
    last: float = 0.0                  # time.time() of the last failure
    events: list[dict[str, Any]] = field(default_factory=list)   # at, user

    @classmethod
    def load(cls, path: Path) -> FailedUnlocks:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, int(doc["count"]), float(doc["last"]), list(doc["events"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def wait_seconds(self, now: float | None = None) -> float:
        now = time.time() if now is None else now
        return max(0.0, self.last + delay_after(self.count) - now)

    def add(self, user: str | None) -> None:
        self.count += 1
        self.last = time.time()
        self.events.append({"at": datetime.now(UTC).isoformat(), "user": user})
        self.events = self.events[-MAX_EVENTS:]
        self._save()

    def clear(self) -> None:
        if self.count or self.path.exists():
            self.count, self.last, self.events = 0, 0.0, []
            self.path.unlink(missing_ok=True)

    def _save(self) -> None:
        doc = {"count": self.count, "last": self.last, "events": self.events}
        try:
            write_atomically(self.path, json.dumps(doc).encode("utf-8"))
        except OSError:
            pass   # a read-only disk is refused elsewhere with its own message
