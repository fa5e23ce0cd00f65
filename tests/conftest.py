"""Shared fixtures. Qt runs offscreen; screenshots and rendered pages go to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests save screenshots and rendered PDFs for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
