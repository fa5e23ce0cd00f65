"""Which layers this build has. The GUI imports heavy layers lazily (fast start)
and shows an action as unavailable, with a tooltip, when its layer is missing."""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from pathlib import Path
from typing import Any

_PACKAGE = "screening_app"
_ROOT = Path(__file__).resolve().parent.parent


@cache
def has(module: str) -> bool:
    """True when `module` (e.g. "screening_app.documents.referral") is part of this
    build. Our own modules are looked up as files, because find_spec() would import
    the parent packages (the documents layer alone costs half a second)."""
    parts = module.split(".")
    if parts[0] == _PACKAGE:
        base = _ROOT.joinpath(*parts[1:])
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
        # A frozen build (PyInstaller) keeps modules in an archive: ask the importer.
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def load(module: str) -> Any:
    """Import a layer lazily (keeps start-up fast; typed as Any on purpose, because
    the GUI only calls the layer's public functions)."""
    return importlib.import_module(module)
