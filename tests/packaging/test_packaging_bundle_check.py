"""`make package-check` (packaging/check_bundle.py) notices a desktop folder that lacks
a form file, a compiled catalog or a script's font. The build itself takes about a
minute and is not part of `make test`; this checks the checker on a folder laid out
like the build's `_internal/`."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from screening_app.i18n.catalogs import compile_all
from screening_app.i18n.fonts import _CANDIDATES, Script

ROOT = Path(__file__).resolve().parents[2]


def _checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("check_bundle",
                                                  ROOT / "packaging" / "check_bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A folder with everything a build puts in: forms, compiled catalogs, fonts
    (empty files with the names the program looks for)."""
    compile_all()
    data = tmp_path / "screening-app" / "_internal"
    shutil.copytree(ROOT / "forms", data / "forms")
    shutil.copytree(ROOT / "locales", data / "locales",
                    ignore=shutil.ignore_patterns("*.po", "*.yaml"))
    fonts = data / "resources" / "fonts"
    fonts.mkdir(parents=True)
    for script in Script:
        (fonts / _CANDIDATES[script][0][0]).write_bytes(b"")
    return tmp_path / "screening-app"


def test_a_complete_folder_passes(bundle: Path) -> None:
    assert _checker().missing_contents(bundle) == []


def test_a_missing_catalog_form_or_font_is_named(bundle: Path) -> None:
    data = bundle / "_internal"
    (data / "locales" / "km" / "LC_MESSAGES" / "forms.mo").unlink()
    (data / "forms" / "identification" / "identification-1.1.yaml").unlink()
    (data / "resources" / "fonts" / "NotoSansKhmer-Regular.ttf").unlink()
    missing = _checker().missing_contents(bundle)
    assert "locales/km/LC_MESSAGES/forms.mo" in missing
    assert "forms/identification/identification-1.1.yaml" in missing
    assert any("Khmer" in m for m in missing)
    assert len(missing) == 3
