"""The command line, run as a user would: exit codes 0/1/2, one line on refusal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

PROFILE = {
    "given_name": "ស្រីមុំ", "family_name": "សុខ", "latin_name": "Sok Sreymom",
    "gender": "Female", "nationality": "KH", "birth_date": None, "estimated_age": 16,
    "languages": ["km"],
    "consent": {"interview": True, "record": True, "share_for_referral": True, "how": "verbal"},
}


def run(*args: str, passphrase: str | None = None, new: str | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SCREENING_APP_PASSPHRASE", "SCREENING_APP_NEW_PASSPHRASE")}
    env["SCREENING_APP_LANG"] = "en"
    if passphrase is not None:
        env["SCREENING_APP_PASSPHRASE"] = passphrase
    if new is not None:
        env["SCREENING_APP_NEW_PASSPHRASE"] = new
    return subprocess.run([sys.executable, "-m", "screening_app", *args], env=env,
                          capture_output=True, text=True, timeout=120, input=stdin)


def _refused(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_cases_add_list_show_search(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps(PROFILE, ensure_ascii=False), encoding="utf-8")
    dd = ["--data-dir", str(made.path), "--user", "officer"]
    added = run("cases", "add", "--from", str(profile), *dd, passphrase="officer passphrase")
    assert added.returncode == 0, added.stderr
    case_id = added.stdout.strip()
    assert len(case_id) == 36
    listed = run("cases", "list", "--json", *dd, passphrase="officer passphrase")
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [case_id] and rows[0]["display_name"] == "សុខ ស្រីមុំ"
    found = run("cases", "list", "--search", "ស្រី", *dd, passphrase="officer passphrase")
    assert found.returncode == 0 and "Sok Sreymom" in found.stdout
    shown = run("cases", "show", case_id, "--json", *dd, passphrase="officer passphrase")
    doc = json.loads(shown.stdout)
    assert doc["person"]["estimated_age"] == 16 and doc["consent"]["share_for_referral"]
    by_ref = run("cases", "show", rows[0]["reference"].lower(), *dd,
                 passphrase="officer passphrase")
    assert by_ref.returncode == 0 and case_id in by_ref.stdout


def test_cases_add_refuses_unknown_key_and_bad_values(data_dir_factory, tmp_path) -> None:
    made = data_dir_factory()
    dd = ["--data-dir", str(made.path), "--user", "officer"]
    for doc, fragment in [({**PROFILE, "favourite_colour": "red"}, "favourite_colour"),
                          ({**PROFILE, "consent": {"interview": True, "sneaky": 1}}, "sneaky"),
                          ({**PROFILE, "gender": "Robot"}, "gender"),
                          ({**PROFILE, "estimated_age": "old"}, "estimated_age"),
                          ({**PROFILE, "birth_date": "2020-13-45"}, "birth_date")]:
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _refused(run("cases", "add", "--from", str(path), *dd,
                     passphrase="officer passphrase"), fragment)
    listed = run("cases", "list", "--json", *dd, passphrase="officer passphrase")
    assert json.loads(listed.stdout) == []


def test_wrong_passphrase_and_usage_errors(data_dir_factory) -> None:
    made = data_dir_factory()
    dd = ["--data-dir", str(made.path), "--user", "officer"]
    _refused(run("cases", "list", *dd, passphrase="wrong wrong"), "Wrong passphrase")
    _refused(run("cases", "list", "--data-dir", str(made.path), passphrase="x" * 9), "--user")
    _refused(run("cases", "list", *dd), "passphrase is needed")
    _refused(run("init", "--data-dir", str(made.path.parent / "new"), "--admin", "a"),
             "passphrase is needed")
    assert not (made.path.parent / "new" / "vault.json").exists()
    assert run("cases", "list", "--bogus-option", *dd).returncode == 2
    assert run("cases").returncode == 2
    assert run("user", "add", "x", *dd).returncode == 2            # --role missing


def test_init_prints_recovery_code_once_and_user_commands(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    passfile = tmp_path / "pass.txt"
    passfile.write_text("admin passphrase\n", encoding="utf-8")
    result = run("init", "--data-dir", str(data), "--admin", "boss", "--agency", "Shelter",
                 "--country", "th", "--agency-type", "Shelter", "--passphrase-file",
                 str(passfile))
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip().splitlines()[-1]
    assert len(code) == 39 and code.count("-") == 7
    assert code not in (data / "vault.json").read_text()
    again = run("init", "--data-dir", str(data), "--admin", "boss",
                "--passphrase-file", str(passfile))
    _refused(again, "already set up")
    admin = ["--data-dir", str(data), "--user", "boss"]
    added = run("user", "add", "somchai", "--role", "officer", *admin,
                passphrase="admin passphrase", new="somchai passphrase")
    assert added.returncode == 0, added.stderr
    officer = ["--data-dir", str(data), "--user", "somchai"]
    assert run("cases", "list", *officer, passphrase="somchai passphrase").returncode == 0
    assert run("user", "passwd", "somchai", *officer, passphrase="somchai passphrase",
               new="new somchai passphrase").returncode == 0
    _refused(run("cases", "list", *officer, passphrase="somchai passphrase"),
             "Wrong passphrase")
    # a forgotten admin passphrase: the recovery code sets a new one
    reset = run("user", "passwd", "boss", "--data-dir", str(data), "--recovery",
                passphrase=code, new="reset admin passphrase")
    assert reset.returncode == 0, reset.stderr
    disabled = run("user", "disable", "somchai", *admin, passphrase="reset admin passphrase")
    assert disabled.returncode == 0, disabled.stderr
    _refused(run("cases", "list", *officer, passphrase="new somchai passphrase"), "No such user")
    users = run("user", "list", "--json", *admin, passphrase="reset admin passphrase")
    assert {u["name"]: u["disabled"] for u in json.loads(users.stdout)} == {
        "boss": False, "somchai": True}


def test_check_backup_restore_commands(data_dir_factory, tmp_path: Path) -> None:
    made = data_dir_factory()
    sup = ["--data-dir", str(made.path), "--user", "supervisor"]
    assert run("check", *sup, passphrase="supervisor passphrase").returncode == 0
    out = tmp_path / "backup.zip"
    assert run("backup", "--out", str(out), *sup,
               passphrase="supervisor passphrase").returncode == 0
    _refused(run("backup", "--out", str(out), *sup, passphrase="supervisor passphrase"),
             "exists already")
    admin = ["--data-dir", str(made.path), "--user", "admin"]
    _refused(run("restore", str(out), *sup, passphrase="supervisor passphrase"),
             "administrator")
    restored = run("restore", str(out), *admin, passphrase="admin passphrase")
    assert restored.returncode == 0, restored.stderr
    # a newer database is not replaced without --force (no terminal to ask)
    with made.open("officer") as s:
        from screening_app.domain import Consent, Person

        s.cases.create(Person(given_name="Newer"), Consent())
    _refused(run("restore", str(out), *admin, passphrase="admin passphrase"), "--force")
    forced = run("restore", str(out), "--force", *admin, passphrase="admin passphrase")
    assert forced.returncode == 0, forced.stderr
    # break the audit chain: check exits 1 naming the row
    with made.open("supervisor") as s:
        s.connection.execute("DROP TRIGGER audit_log_no_update")
        s.connection.execute("UPDATE audit_log SET action = 'view' WHERE id = 2")
    broken = run("check", *sup, passphrase="supervisor passphrase")
    assert broken.returncode == 1 and "row 2" in broken.stderr


def test_demo_no_gui(tmp_path: Path) -> None:
    result = run("demo", "--data-dir", str(tmp_path / "demo"), "--cases", "16", "--no-gui")
    assert result.returncode == 0, result.stderr
    assert "demo passphrase" in result.stdout
    listed = run("cases", "list", "--json", "--data-dir", str(tmp_path / "demo"),
                 "--user", "officer", "--limit", "100", passphrase="demo passphrase")
    rows = json.loads(listed.stdout)
    assert len(rows) == 16
    assert len({r["status"] for r in rows}) > 1
    names = " ".join(r["display_name"] for r in rows)
    scripts = {unicodedata.name(c).split()[0] for c in names if c.isalpha()}
    # names in the scripts of their nationalities (Vietnamese with its diacritics)
    assert {"KHMER", "THAI", "LAO", "MYANMAR", "CJK", "LATIN"} <= scripts
    assert any(unicodedata.decomposition(c) for c in names if "LATIN" in unicodedata.name(c))
    again = run("demo", "--data-dir", str(tmp_path / "demo"), "--no-gui")
    assert again.returncode == 0 and "Reusing" in again.stdout


@pytest.mark.parametrize("args", [["--help"], ["cases", "--help"], ["init", "--help"]])
def test_help_exits_zero(args: list[str]) -> None:
    assert run(*args).returncode == 0
