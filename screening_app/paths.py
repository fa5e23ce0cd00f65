"""Where the program's own files are (not the user's data: see storage.datadir)."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _base() -> Path:
    """The folder holding forms/, locales/ and resources/.

    A PyInstaller build unpacks them under sys._MEIPASS; a wheel carries them
    as screening_app/_data (setup.py copies them in at build time); a source
    checkout or an editable install keeps them beside the package."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    if (_PACKAGE / "_data").is_dir():
        return _PACKAGE / "_data"
    return _PACKAGE.parent


_BASE = _base()
FORMS_DIR = _BASE / "forms"
LOCALES_DIR = _BASE / "locales"
RESOURCES_DIR = _BASE / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"
