"""The Linux desktop entry is well formed and starts the program the spec builds."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "screening-app.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _entry()
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Name"] and entry["Comment"]
    assert entry["Categories"].endswith(";")
    assert re.fullmatch(r"\d+\.\d+", entry["Version"])


def test_desktop_entry_starts_the_windowed_program_of_the_spec() -> None:
    spec = (PACKAGING / "screening-app.spec").read_text(encoding="utf-8")
    windowed = re.findall(r'program\("([^"]+)", console=False\)', spec)
    assert windowed == ["screening-app"]
    entry = _entry()
    assert entry["Exec"].split()[0] == windowed[0]
    assert entry["TryExec"] == windowed[0]


def test_packaging_files_name_no_person_or_machine() -> None:
    # Shipped files must not carry a builder's home folder, user name or address.
    for path in PACKAGING.iterdir():
        if path.suffix in (".desktop", ".spec", ".md"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"/home/|/Users/|C:\\Users\\|@[\w-]+\.\w+", text), path
