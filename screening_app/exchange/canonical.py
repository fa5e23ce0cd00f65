"""Canonical JSON: the exact bytes that are signed and hashed.

Sorted keys, no insignificant white space, UTF-8 without escaping. A signed
document is accepted only when its bytes are already canonical, so that two
readers can never disagree about what was signed.
"""

from __future__ import annotations

import base64
import json
from typing import Any


def canonical_bytes(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def parse_canonical(data: bytes) -> Any:
    """The JSON value of `data`; ValueError unless `data` is canonical JSON."""
    value = json.loads(data.decode("utf-8"), parse_constant=_no_constants)
    if canonical_bytes(value) != data:
        raise ValueError("not canonical JSON")
    return value


def _no_constants(name: str) -> Any:
    raise ValueError(f"JSON constant {name} not allowed")


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict standard base64 (ValueError on anything else)."""
    if not isinstance(text, str):
        raise ValueError("base64 text expected")
    return base64.b64decode(text.encode("ascii"), validate=True)
