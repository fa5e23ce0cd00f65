"""Failed unlocks slow down the next attempts, per user name, under a device-wide
ceiling.

Each name has its own count: wrong passphrases for one name make that name wait
(0, 0, 0, 1, 2, 4 … 300 s), and a colleague can still unlock. Guessing across many
names meets the device's count: after DEVICE_FREE_ATTEMPTS failures on any names,
every unlock waits too, but never more than DEVICE_MAX_DELAY_SECONDS, so a
colleague at the same laptop is slowed, not locked out. Unknown names share one
count.

The counts live in a side file of the data directory (the database cannot be
written before an unlock), so restarting the program does not reset them. A
successful unlock copies the failures into the audit log, clears its own name's
count and the device's count, and keeps the other names' counts.
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
DEVICE_FREE_ATTEMPTS = 10
DEVICE_MAX_DELAY_SECONDS = 30
MAX_EVENTS = 200
UNKNOWN_NAME = ""          # the one count of names that have no key slot


def delay_after(failures: int) -> float:
    """Seconds to wait after `failures` wrong passphrases in a row for one name:
    0, 0, 0, 1, 2, 4 … 300."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS))


def device_delay_after(failures: int) -> float:
    """Seconds every unlock waits after `failures` on any names: 0 up to
    DEVICE_FREE_ATTEMPTS, then 1, 2, 4 … at most DEVICE_MAX_DELAY_SECONDS."""
    if failures < DEVICE_FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - DEVICE_FREE_ATTEMPTS), DEVICE_MAX_DELAY_SECONDS))


@dataclass
class FailedUnlocks:
    path: Path
    count: int = 0                     # failures on this device since the last unlock
    last: float = 0.0                  # time.time() of the last failure
    names: dict[str, list[float]] = field(default_factory=dict)   # name -> [count, last]
    events: list[dict[str, Any]] = field(default_factory=list)    # at, user

    @classmethod
    def load(cls, path: Path) -> FailedUnlocks:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            names = {str(k): [float(v[0]), float(v[1])]
                     for k, v in dict(doc.get("names") or {}).items()}
            return cls(path, int(doc["count"]), float(doc["last"]), names,
                       list(doc["events"]))
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return cls(path)

    def wait_seconds(self, name: str | None = None, now: float | None = None) -> float:
        """Seconds before `name` may try again (the device's wait when no name)."""
        return self.wait_for(name, now)[0] if name is not None else max(
            0.0, self.last + device_delay_after(self.count) - (now or time.time()))

    def wait_for(self, name: str | None, now: float | None = None) -> tuple[float, str]:
        """(seconds to wait before `name` may try, "user" or "device")."""
        now = time.time() if now is None else now
        count, last = self.names.get(_key(name), [0.0, 0.0])
        own = max(0.0, last + delay_after(int(count)) - now)
        device = max(0.0, self.last + device_delay_after(self.count) - now)
        return (own, "user") if own >= device else (device, "device")

    def add(self, user: str | None) -> None:
        self.count += 1
        self.last = time.time()
        count, _last = self.names.get(_key(user), [0.0, 0.0])
        self.names[_key(user)] = [count + 1, self.last]
        self.events.append({"at": datetime.now(UTC).isoformat(), "user": user})
        self.events = self.events[-MAX_EVENTS:]
        self._save()

    def clear(self, user: str | None = None) -> None:
        """After a successful unlock of `user`: its count, the device's count and
        the events (now in the audit log) go; other names keep their counts."""
        self.names.pop(_key(user), None)
        self.count, self.last, self.events = 0, 0.0, []
        if not self.names:
            self.path.unlink(missing_ok=True)
        else:
            self._save()

    def _save(self) -> None:
        doc = {"count": self.count, "last": self.last, "names": self.names,
               "events": self.events}
        try:
            write_atomically(self.path, json.dumps(doc).encode("utf-8"))
        except OSError:
            pass   # a read-only disk is refused elsewhere with its own message


def _key(name: str | None) -> str:
    return UNKNOWN_NAME if name is None else name
