"""The validation tests also use the exchange tests' installations and parties and
the GUI tests' helpers."""

from __future__ import annotations

import sys
from pathlib import Path

for helpers in ("exchange", "gui"):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / helpers))
