"""The validation tests also use the exchange tests' installations and parties."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exchange"))
