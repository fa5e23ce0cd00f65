"""Issue 15, "Found": each finding as a user meets it on the command line."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from validation_cli import Ran, run_cli

PROFILE: dict[str, Any] = {
    "given_name": "ស្រីមុំ", "family_name": "សុខ", "latin_name": "Sok Sreymom",
    "gender": "Female", "nationality": "KH", "birth_date": None, "estimated_age": 16,
    "languages": ["km"],
    "consent": {"interview": True, "record": True, "share_for_referral": True, "how": "verbal"},
}


def add(made: Any, tmp_path: Path, doc: Any, raw: bytes | None = None) -> Ran:
    path = tmp_path / "profile.json"
    path.write_bytes(raw if raw is not None else json.dumps(doc).encode("utf-8"))
    return run_cli("cases", "add", "--from", path, "--data-dir", made.path, "--user", "officer",
                   passphrase=made.passphrases["officer"])


def case_count(made: Any) -> int:
    with made.open("supervisor") as s:
        return int(s.cases.count())


# --- crashes -------------------------------------------------------------------
def test_init_with_an_unknown_agency_type_is_a_usage_error_naming_the_valid_types(
        tmp_path: Path) -> None:
    target = tmp_path / "new"
    passfile = tmp_path / "pass"
    passfile.write_text("a long admin passphrase\n", encoding="utf-8")
    ran = run_cli("init", "--data-dir", target, "--admin", "boss", "--agency-type", "Police",
                  "--passphrase-file", passfile)
    # the HTCDS 2.0 org_Type values (Shelter, a name before 2.0, is read but not offered)
    ran.refused("--agency-type", "LawEnforcement", "NGO", "SchoolOrCollege", status=2)
    assert not target.exists()                    # nothing was created


def test_init_usage_errors_come_before_anything_is_made(tmp_path: Path) -> None:
    target = tmp_path / "new"
    passfile = tmp_path / "pass"
    passfile.write_text("a long admin passphrase\n", encoding="utf-8")
    base = ["init", "--data-dir", target, "--passphrase-file", passfile]
    run_cli(*base, "--admin", "boss", "--country", "XY").refused("--country", "KH", status=2)
    run_cli(*base, "--admin", "boss", "--site", "a site!").refused("--site", status=2)
    run_cli(*base, "--admin", "boss", "--agency", "Bad\x1b[2J").refused("--agency", "U+001B",
                                                                         status=2)
    run_cli(*base, "--admin", "b\u202eoss").refused("--admin", status=2)
    assert not target.exists()


def test_a_list_for_a_language_is_refused_by_name(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    add(made, tmp_path, {**PROFILE, "interviewee_language": ["km"]}).refused(
        "interviewee_language", "km", "Nothing was saved")
    assert case_count(made) == 0


# --- accepted and stored although wrong -----------------------------------------
@pytest.mark.parametrize("bad, code", [
    ("Sok\x1b[2J", "U+001B"), ("Sok\u202eDara", "U+202E"), ("Sok\u2066Dara", "U+2066"),
    ("Sok\x00", "U+0000"), ("Sok\x9bDara", "U+009B"), ("Sok\nDara", "U+000A"),
    ("Sok\tDara", "U+0009"), ("Sok\rDara", "U+000D")])
def test_names_with_control_or_bidi_characters_are_refused(data_dir_factory, tmp_path: Path,
                                                           bad: str, code: str) -> None:
    made = data_dir_factory()
    for key in ("given_name", "family_name", "latin_name"):
        add(made, tmp_path, {**PROFILE, key: bad}).refused(key, code, "Nothing was saved")
    assert case_count(made) == 0


def test_a_note_may_hold_tab_and_newline_but_no_escape(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    assert add(made, tmp_path, {**PROFILE, "note": "line one\n\tline two"}).returncode == 0
    add(made, tmp_path, {**PROFILE, "note": "x\x1b]0;title\x07"}).refused("note", "U+001B")
    assert case_count(made) == 1


def test_lengths_are_limited_and_a_huge_file_is_not_read(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    add(made, tmp_path, {**PROFILE, "given_name": "a" * 201}).refused("given_name", "200")
    assert add(made, tmp_path, {**PROFILE, "given_name": "a" * 200}).returncode == 0
    add(made, tmp_path, {**PROFILE, "note": "n" * 20_001}).refused("note", "20000")
    huge = json.dumps({**PROFILE, "given_name": "a" * 10_000_000}).encode()
    add(made, tmp_path, None, raw=huge).refused("1 MB")
    assert case_count(made) == 1


@pytest.mark.parametrize("key, value, fragments", [
    ("birth_date", (date.today() + timedelta(days=2)).isoformat(), ("birth_date", "1900-01-01")),
    ("birth_date", "1800-05-01", ("birth_date", "1900-01-01", "today")),
    ("birth_date", "20000101", ("birth_date", "YYYY-MM-DD")),
    ("estimated_age", 121, ("estimated_age", "0", "120")),
    ("estimated_age", -1, ("estimated_age", "0", "120")),
    ("estimated_age", 30.5, ("estimated_age", "whole number")),
    ("estimated_age", True, ("estimated_age", "whole number")),
    ("form_id", "no-such-form", ("form",)),
    ("officer_language", "xx", ("officer_language", "km", "zh_Hans", "vi")),
    ("note", 42, ("note", "text")),
    ("given_name", "   ", ("given_name", "spaces")),
    ("family_name", "\u3000\u200b", ("family_name", "spaces")),
    ("gender", "Robot", ("gender", "Masculine", "Feminine", "TransgenderFeminine",
                         "NonConforming", "NonSpecifiedUnknown")),
    ("nationality", "Cambodia", ("nationality", "KH")),
    ("languages", ["klingon"], ("languages[0]", "km")),
    ("phone", ["+855"], ("phone", "text")),
    ("phone", "012 345 678", ("phone", "E.164", "+855 12 345 678")),
])
def test_wrong_values_are_refused_naming_field_and_what_is_allowed(
        data_dir_factory, tmp_path: Path, key: str, value: Any, fragments: tuple[str, ...]) -> None:
    made = data_dir_factory()
    add(made, tmp_path, {**PROFILE, key: value}).refused(*fragments, "Nothing was saved")
    assert case_count(made) == 0


def _citizenship(value: Any) -> dict[str, Any]:
    return {**{k: v for k, v in PROFILE.items() if k != "nationality"}, "citizenship": value}


@pytest.mark.parametrize("doc, fragments", [
    ({**PROFILE, "form_id": "identification", "form_version": "9.9"},
     ("form_id", "identification 1.0")),
    ({**PROFILE, "form_id": "identification"}, ("form_version", "both")),
    ({**PROFILE, "consent": {**PROFILE["consent"], "interpreter_language": ["km"]}},
     ("consent.interpreter_language",)),
    ({**PROFILE, "consent": {**PROFILE["consent"], "lawful_exception": {"why": 1}}},
     ("consent.lawful_exception", "text")),
    ({**PROFILE, "consent": {**PROFILE["consent"], "how": "telepathy"}},
     ("consent.how", "verbal", "written", "guardian")),
    # one nationality code (before HTCDS 2.0) or the citizenship list, not both
    ({**PROFILE, "citizenship": ["TH"]}, ("nationality", "citizenship", "not both")),
    (_citizenship("KH"), ("citizenship", "list")),
    (_citizenship(["KH", "Cambodia"]), ("citizenship[1]", "KH")),
])
def test_wrong_case_and_consent_values_are_refused(data_dir_factory, tmp_path: Path,
                                                   doc: dict[str, Any],
                                                   fragments: tuple[str, ...]) -> None:
    made = data_dir_factory()
    add(made, tmp_path, doc).refused(*fragments)
    assert case_count(made) == 0


def test_a_valid_profile_with_form_is_read_back_equal(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    doc = {**PROFILE, "form_id": "identification", "form_version": "1.0",
           "officer_language": "th", "interviewee_language": "km", "note": "ok\nsecond line",
           "birth_date": "2008-02-29", "phone": "+855 12 345 678"}
    ran = add(made, tmp_path, doc)
    assert ran.returncode == 0, ran.stderr
    with made.open("officer") as s:
        case = s.cases.get(ran.stdout.strip())
    assert (case.form_id, case.form_version, case.note) == ("identification", "1.0",
                                                            "ok\nsecond line")
    # the phone as HTCDS 2.0 writes it (E.164)
    assert case.person.birth_date == date(2008, 2, 29) and case.person.phone == "+85512345678"


# --- messages that mislead or miss ------------------------------------------------
def test_score_with_an_impossible_age_is_a_usage_error() -> None:
    ran = run_cli("score", "--age", "300", "--exploitation", "labour", "--indicators", "")
    ran.refused("--age", "120", status=2)
    assert run_cli("score", "--age", "old", "--exploitation", "labour").returncode == 2


def test_user_role_refusal_lists_the_roles(data_dir_factory) -> None:
    made = data_dir_factory()
    ran = run_cli("user", "add", "x", "--role", "boss", "--data-dir", made.path, "--user",
                  "admin", passphrase=made.passphrases["admin"], new="new user passphrase")
    ran.refused("--role", "officer", "supervisor", "admin", status=2)


def test_translated_refusal_lists_the_valid_values(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**PROFILE, "gender": "Robot"}), encoding="utf-8")
    for lang in ("km", "zh_Hans", "lo", "my", "th", "vi"):
        ran = run_cli("cases", "add", "--from", path, "--data-dir", made.path, "--user",
                      "officer", passphrase=made.passphrases["officer"], lang=lang)
        ran.refused("gender", "TransgenderFeminine")
        english = run_cli("cases", "add", "--from", path, "--data-dir", made.path, "--user",
                          "officer", passphrase=made.passphrases["officer"])
        assert ran.stderr != english.stderr, lang          # translated, not English


def test_a_damaged_database_is_called_damage_and_points_to_check_and_restore(
        data_dir_factory) -> None:
    made = data_dir_factory()
    db = made.path / "cases.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x01                        # one flipped bit in the first page
    db.write_bytes(bytes(data))
    ran = run_cli("cases", "list", "--data-dir", made.path, "--user", "officer",
                  passphrase=made.passphrases["officer"])
    ran.refused("damaged", "check", "restore")
    assert "does not belong" not in ran.stderr
    checked = run_cli("check", "--data-dir", made.path, "--user", "officer",
                      passphrase=made.passphrases["officer"])
    assert checked.returncode == 1 and "damaged" in checked.stderr
    assert "unexpected" not in checked.stderr


def test_a_damaged_page_deeper_in_the_file_is_damage_too(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        from screening_app.domain import Consent, Person

        for i in range(40):
            s.cases.create(Person(given_name=f"name {i}" * 10), Consent())
    db = made.path / "cases.db"
    size = db.stat().st_size
    for offset in range(4096 + 50, size, 4096 * 3):
        original = db.read_bytes()
        damaged = bytearray(original)
        damaged[offset] ^= 0x01
        db.write_bytes(bytes(damaged))
        for command in (["cases", "list"], ["check"]):
            ran = run_cli(*command, "--data-dir", made.path, "--user", "supervisor",
                          passphrase=made.passphrases["supervisor"])
            assert "unexpected" not in ran.stderr, (offset, command, ran.stderr)
            assert "does not belong" not in ran.stderr
            if ran.returncode:
                assert "damaged" in ran.stderr, (offset, command, ran.stderr)
        db.write_bytes(original)


def test_one_second_is_singular(data_dir_factory) -> None:
    made = data_dir_factory()
    dd = ["--data-dir", made.path, "--user", "officer"]
    for _ in range(3):
        run_cli("cases", "list", *dd, passphrase="wrong wrong wrong")
    waited = run_cli("cases", "list", *dd, passphrase=made.passphrases["officer"])
    waited.refused("1 second")
    assert "1 seconds" not in waited.stderr


def test_failed_passphrases_slow_down_that_user_not_a_colleague(data_dir_factory) -> None:
    made = data_dir_factory()
    officer = ["--data-dir", made.path, "--user", "officer"]
    for _ in range(4):
        run_cli("cases", "list", *officer, passphrase="wrong wrong wrong")
    run_cli("cases", "list", *officer, passphrase=made.passphrases["officer"]).refused("Wait")
    colleague = run_cli("cases", "list", "--data-dir", made.path, "--user", "supervisor",
                        passphrase=made.passphrases["supervisor"])
    assert colleague.returncode == 0, colleague.stderr
    # the colleague's login does not lift the officer's delay
    run_cli("cases", "list", *officer, passphrase=made.passphrases["officer"]).refused("Wait")


def test_guessing_across_names_meets_a_device_wide_ceiling(data_dir_factory) -> None:
    from screening_app.storage.throttle import DEVICE_FREE_ATTEMPTS, DEVICE_MAX_DELAY_SECONDS

    made = data_dir_factory()
    names = [f"user{i}" for i in range(DEVICE_FREE_ATTEMPTS + 1)] + ["officer", "supervisor"]
    for name in names[:-1]:
        run_cli("cases", "list", "--data-dir", made.path, "--user", name,
                passphrase="guess guess guess")
    ran = run_cli("cases", "list", "--data-dir", made.path, "--user", "supervisor",
                  passphrase=made.passphrases["supervisor"])
    ran.refused("Wait")
    waited = int("".join(ch for ch in ran.stderr.split("Wait")[1].split("second")[0]
                         if ch.isdigit()))
    assert 1 <= waited <= DEVICE_MAX_DELAY_SECONDS      # a ceiling a colleague can wait out


def test_quarantine_notice_goes_to_stderr(data_dir_factory, tmp_path: Path) -> None:
    from exchange_installations import introduce_to, make_pair, new_case

    from screening_app.exchange.exporter import export_case

    police, shelter = make_pair(data_dir_factory, introduce=False)
    introduce_to(police, shelter)                 # the shelter does not know the police
    with police.open() as session:
        exported = export_case(session, new_case(session), shelter.agency_id)
    packet = tmp_path / "p.age"
    packet.write_bytes(exported.packet.data)
    ran = run_cli("packet", "import", packet, "--data-dir", shelter.made.path, "--user",
                  "officer", passphrase=shelter.made.passphrases["officer"])
    assert ran.returncode == 1
    assert ran.stdout == "" and "quarantine" in ran.stderr


def test_an_interrupted_demo_is_made_again_not_reused(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    demo = tmp_path / "demo"
    env = {**os.environ, "SCREENING_APP_LANG": "en"}
    running = subprocess.Popen([sys.executable, "-m", "screening_app", "demo", "--data-dir",
                                str(demo), "--cases", "5000", "--no-gui"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (demo / "cases.db").exists() or not (demo / "vault.json").exists():
        assert time.monotonic() < deadline and running.poll() is None
        time.sleep(0.05)
    time.sleep(0.3)                               # well inside the 5,000 cases
    running.send_signal(signal.SIGKILL)          # a power cut, a closed terminal
    running.wait()
    assert not (demo / "demo-complete").exists()
    ran = run_cli("demo", "--data-dir", demo, "--cases", "3", "--no-gui")
    assert ran.returncode == 0, ran.stderr
    assert "interrupted" in ran.stderr and "Reusing" not in ran.stdout
    listed = run_cli("cases", "list", "--json", "--data-dir", demo, "--user", "officer",
                     passphrase="demo passphrase")
    assert len(json.loads(listed.stdout)) == 3
    again = run_cli("demo", "--data-dir", demo, "--no-gui")
    assert "Reusing" in again.stdout and "interrupted" not in again.stderr


def test_demo_never_deletes_a_folder_that_is_not_demo_data(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.odt").write_text("someone's work", encoding="utf-8")
    run_cli("demo", "--data-dir", other, "--no-gui").refused("nothing was deleted")
    assert (other / "report.odt").read_text(encoding="utf-8") == "someone's work"


def test_init_failing_late_removes_only_what_it_made(tmp_path: Path) -> None:
    import os
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "faults"))
    from faults_disks import limited_python

    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "notes.txt").write_text("kept", encoding="utf-8")
    fresh = tmp_path / "new" / "deeper" / "data"
    code = ("from screening_app.storage import init_data_dir, KdfParams\n"
            "from screening_app.errors import Refused\n"
            "import sys\n"
            "for target in sys.argv[1:]:\n"
            "    try:\n"
            "        init_data_dir(target, 'admin', 'a long passphrase', country='KH',\n"
            "                      kdf=KdfParams(64, 1, 1))\n"
            "    except Refused as refused:\n"
            "        print('refused', refused.message)\n")
    result = limited_python(code.replace("sys.argv[1:]", repr([str(existing), str(fresh)])),
                            20_000, env={**os.environ, "SCREENING_APP_LANG": "en"})
    assert result.stdout.count("refused") == 2, result.stdout + result.stderr
    assert sorted(p.name for p in existing.iterdir()) == ["notes.txt"]     # the folder stays
    assert not (tmp_path / "new").exists()                               # made, so removed
