"""A language whose compiled catalog is missing from an installation says so at start
(issue 16 part 4), instead of silently showing English.

The program runs in a child process against an installation folder laid out like
a desktop bundle (forms/, resources/, compiled locales/ under sys._MEIPASS) from
which the Khmer catalogs were left out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screening_app.i18n.catalogs import compile_all
from screening_app.paths import FORMS_DIR, LOCALES_DIR, RESOURCES_DIR


@pytest.fixture(scope="module")
def install_without_khmer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compile_all()
    base = tmp_path_factory.mktemp("install")
    (base / "forms").symlink_to(FORMS_DIR)
    (base / "resources").symlink_to(RESOURCES_DIR)
    shutil.copytree(LOCALES_DIR, base / "locales", ignore=shutil.ignore_patterns("*.po"))
    for mo in (base / "locales" / "km" / "LC_MESSAGES").glob("*.mo"):
        mo.unlink()
    return base


def _run(base: Path, args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    code = (f"import sys; sys._MEIPASS = {str(base)!r}\n"
            f"from screening_app.cli import main\nraise SystemExit(main({args!r}))")
    env = {**os.environ, "SCREENING_APP_LANG": lang, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_command_in_a_language_without_its_catalog_warns(install_without_khmer: Path) -> None:
    run = _run(install_without_khmer, ["forms", "list"], "km")
    assert run.returncode == 0, run.stderr
    assert "Translations for ខ្មែរ are missing" in run.stderr
    assert str(Path("km") / "LC_MESSAGES" / "screening_app.mo") in run.stderr
    assert "Identification interview" in run.stdout             # English, and said so
    # A language whose catalogs are there: no warning, its own words.
    thai = _run(install_without_khmer, ["forms", "list"], "th")
    assert thai.returncode == 0 and "missing" not in thai.stderr
    assert "Identification interview" not in thai.stdout


def test_the_desktop_program_warns_at_start(install_without_khmer: Path, tmp_path: Path) -> None:
    run = _run(install_without_khmer, ["gui", "--smoke", "--lang", "km",
                                       "--data-dir", str(tmp_path / "data")], "en")
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("Translations for ខ្មែរ are missing") == 1
