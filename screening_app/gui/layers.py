"""Which layers this build has. The GUI imports heavy layers lazily (fast start)
and shows an action as unavailable, with a tooltip, when its layer is missing."""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import Any


@cache
def has(module: str) -> bool:
    """True when `module` (e.g. "screening_app.documents.referral") can be imported."""
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def has_attr(module: str, name: str) -> bool:
    if not has(module):
        return False
    return hasattr(importlib.import_module(module), name)


def load(module: str) -> Any:
    """Import a layer lazily (keeps start-up fast; typed as Any on purpose, because
    the GUI only calls the layer's public functions)."""
    return importlib.import_module(module)
