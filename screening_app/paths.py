"""Where the program's own files are (not the user's data: see storage.datadir)."""

from __future__ import annotations

import sys
from pathlib import Path

# A PyInstaller build unpacks next to sys._MEIPASS; a source checkout or an
# editable install keeps forms/, locales/ and resources/ beside the package.
_BASE = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))

FORMS_DIR = _BASE / "forms"
LOCALES_DIR = _BASE / "locales"
RESOURCES_DIR = _BASE / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"
