"""What a test compares when it asks "were the installation's keys left as they were?"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def key_slots(data_dir: Path) -> dict[str, Any]:
    """vault.json as far as it decides who opens the installation and with which key:
    the vault id, key generation, and every slot with its sealed private and master
    key. Each slot's sealed *state* is reduced to whether it has one: a supervisor's
    or administrator's unlock re-seals their own signing key and moves their anchor
    (storage/anchors.py, issue 20: a checkpoint at each such unlock), so those bytes
    change at every unlock of theirs, a refused restore's included."""
    doc = json.loads((Path(data_dir) / "vault.json").read_bytes())
    for slot in doc["slots"]:
        slot["sealed_state"] = "sealed_state" in slot
    return dict(doc)
