"""Which layers this build has. The GUI imports heavy layers lazily (fast start)
and shows an action as unavailable, with a tooltip, when its layer is missing."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from functools import cache
from typing import Any


@cache
def has(module: str) -> bool:
    """True when `module` (e.g. "screening_app.documents.referral") can be imported.

    Looks for the files without importing anything: `importlib.util.find_spec`
    imports the parent packages, and `screening_app.documents` alone (ReportLab)
    added 0.85 s to the start of the program."""
    if module in sys.modules:
        return True
    head, *rest = module.split(".")
    try:
        spec = importlib.util.find_spec(head)
    except (ImportError, ValueError):
        return False
    name = head
    for part in rest:
        if spec is None or spec.submodule_search_locations is None:
            return False
        name = f"{name}.{part}"
        loaded = sys.modules.get(name)
        spec = loaded.__spec__ if loaded is not None else importlib.machinery.PathFinder.find_spec(
            name, list(spec.submodule_search_locations))
    return spec is not None


def has_attr(module: str, name: str) -> bool:
    if not has(module):
        return False
    return hasattr(importlib.import_module(module), name)


def load(module: str) -> Any:
    """Import a layer lazily (keeps start-up fast; typed as Any on purpose, because
    the GUI only calls the layer's public functions)."""
    return importlib.import_module(module)
