"""Output that cannot be injected (issue 15 item 3): what the program prints escapes
control and bidi characters visibly, also in data written by older versions;
JSON escapes them as JSON does and still reads back equal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from validation_cli import run_cli

from screening_app.domain import Consent, Person

HOSTILE = "Sok\x1b[2J\u202eDara\x9b31m\u2066x\x00\ud800"
RAW = ("\x1b", "\u202e", "\x9b", "\u2066", "\x00", "\ud800")


def _old_case(made: Any) -> str:
    """A case whose name an older version stored without checking it."""
    with made.open("officer") as s:
        case = s.cases.create(Person(given_name="placeholder", latin_name="Old"), Consent())
        person = case.person.to_dict()
        person["given_name"] = HOSTILE
        person["latin_name"] = HOSTILE
        s.connection.execute(
            "UPDATE cases SET person = ?, display_name = ?, latin_name = ? WHERE id = ?",
            # SQL text cannot hold a lone surrogate; the JSON of the person can
            (json.dumps(person), HOSTILE[:-1], HOSTILE[:-1], case.id))
        return str(case.id)


def _clean(text: str) -> None:
    for ch in RAW:
        assert ch not in text, repr(ch)


def test_cases_list_and_show_escape_old_hostile_names(data_dir_factory) -> None:
    made = data_dir_factory()
    case_id = _old_case(made)
    dd = ["--data-dir", made.path, "--user", "officer"]
    listed = run_cli("cases", "list", *dd, passphrase=made.passphrases["officer"])
    assert listed.returncode == 0, listed.stderr
    _clean(listed.stdout)
    assert "\\u202e" in listed.stdout and "\\x1b" in listed.stdout     # visible, not hidden
    assert len(listed.stdout.strip().splitlines()) == 1                 # one line per case
    shown = run_cli("cases", "show", case_id, *dd, passphrase=made.passphrases["officer"])
    assert shown.returncode == 0, shown.stderr
    _clean(shown.stdout)
    assert "Sok\\x1b[2J\\u202eDara" in shown.stdout


def test_json_output_escapes_and_reads_back_equal(data_dir_factory) -> None:
    made = data_dir_factory()
    case_id = _old_case(made)
    dd = ["--data-dir", made.path, "--user", "officer"]
    listed = run_cli("cases", "list", "--json", *dd, passphrase=made.passphrases["officer"])
    shown = run_cli("cases", "show", case_id, "--json", *dd,
                    passphrase=made.passphrases["officer"])
    for ran in (listed, shown):
        assert ran.returncode == 0, ran.stderr
        _clean(ran.stdout)
    # the data itself reads back intact
    assert json.loads(listed.stdout)[0]["display_name"] == HOSTILE[:-1]
    assert json.loads(shown.stdout)["person"]["given_name"] == HOSTILE


def test_errors_escape_what_they_quote(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory(agency_name="Shelter Poipet")
    hostile = tmp_path / "packet\x1b]0;owned\x07\u202e.age"
    hostile.write_bytes(b"not a packet")
    ran = run_cli("packet", "import", hostile, "--data-dir", made.path, "--user", "officer",
                  passphrase=made.passphrases["officer"])
    assert ran.returncode == 1
    _clean(ran.stderr + ran.stdout)
    assert "\x07" not in ran.stderr and "\\x1b" in ran.stderr


def test_one_escaping_function_for_every_printing_path() -> None:
    from screening_app.output import visible

    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("a\u202eb\u200fc") == "a\\u202eb\\u200fc"
    assert visible("ស្រីមុំ 王小明 Nguyễn") == "ស្រីមុំ 王小明 Nguyễn"   # scripts untouched
    assert visible("two\nlines\tand tab") == "two\\nlines\\tand tab"
    assert visible("two\nlines", keep="\n") == "two\nlines"
    assert visible("\ud800") == "\\ud800"
