"""`cases duplicates` and `retention` on the command line, as a supervisor and an
administrator would run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from screening_app.domain import Consent, Gender, Person

PASS = {"supervisor": "supervisor passphrase", "admin": "admin passphrase",
        "officer": "officer passphrase"}


def run(data: Any, user: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SCREENING_APP_LANG="en", SCREENING_APP_PASSPHRASE=PASS[user])
    return subprocess.run([sys.executable, "-m", "screening_app", *args, "--data-dir",
                           str(data.path), "--user", user], env=env, capture_output=True,
                          text=True, timeout=120)


def test_cases_duplicates_lists_links_and_dismisses(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    consent = Consent(interview=True, record=True, share_for_referral=True)
    with made.open("supervisor") as session:
        a = session.cases.create(Person(family_name="សុខ", given_name="ចាន់ថា",
                                        gender=Gender.FEMALE, nationality="KH",
                                        estimated_age=16), consent)
        b = session.cases.create(Person(latin_name="Sok Chanta", gender=Gender.FEMALE,
                                        nationality="KH", estimated_age=17), consent)
    listed = run(made, "supervisor", "cases", "duplicates")
    assert listed.returncode == 0, listed.stderr
    assert sorted(listed.stdout.split("\t")[:2]) == sorted([a.reference, b.reference])
    one = run(made, "supervisor", "cases", "duplicates", a.reference, "--json")
    found = json.loads(one.stdout)
    assert [c["other_reference"] for c in found] == [b.reference]
    assert found[0]["reasons"][0]["code"] == "name_sound" and found[0]["score"] > 0.9
    text = run(made, "supervisor", "cases", "duplicates", a.reference).stdout
    assert "names sound alike in Latin" in text and "both Cambodia" in text
    assert run(made, "supervisor", "cases", "duplicates", "--min-score", "2").returncode == 1
    refused = run(made, "officer", "cases", "duplicates", a.reference, "--link", b.reference)
    assert refused.returncode == 1 and len(refused.stderr.splitlines()) == 1
    linked = run(made, "supervisor", "cases", "duplicates", a.reference, "--link", b.reference)
    assert linked.returncode == 0, linked.stderr
    assert "No possible duplicates." in run(made, "supervisor", "cases", "duplicates").stdout
    again = json.loads(run(made, "supervisor", "cases", "duplicates", b.reference,
                           "--json").stdout)
    assert again[0]["decision"] == "same"


def test_retention_setting_on_the_command_line(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    assert "retention is off" in run(made, "admin", "retention", "show").stdout
    refused = run(made, "officer", "retention", "set", "7")
    assert refused.returncode == 1 and "administrator" in refused.stderr
    done = run(made, "admin", "retention", "set", "7")
    assert done.returncode == 0 and "7 days after the receipt" in done.stdout
    assert "as soon as" in run(made, "admin", "retention", "set", "0").stdout
    assert "retention is off" in run(made, "admin", "retention", "off").stdout
    assert run(made, "admin", "check").returncode == 0
