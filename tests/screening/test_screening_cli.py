"""The screening commands through a real subprocess: forms, score, interview."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "screening_app", *args], capture_output=True,
                          text=True, timeout=60, env={"SCREENING_APP_LANG": "en",
                                                      "PATH": "/usr/bin:/bin"})


def test_score_json_has_the_design_shape() -> None:
    r = run("score", "--age", "34", "--exploitation", "labour", "--json", "--indicators",
            "deceived_nature_of_job,deceptive_recruitment.deceived_wages,"
            "excessive_working_days_hours,low_or_no_salary,"
            "coercion_at_destination.violence_on_victim,debt_bondage")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["outcome"] == "presumed_victim" and data["urgent"] is False
    assert data["indicator_set"] == "adult_labour" and data["rule_set"] == "ilo_2009_default"
    dims = data["dimensions"]
    assert set(dims) == {"deceptive_recruitment", "coercive_recruitment",
                         "recruitment_abuse_of_vulnerability", "exploitative_conditions",
                         "coercion_at_destination", "abuse_of_vulnerability_at_destination"}
    assert dims["deceptive_recruitment"] == {**dims["deceptive_recruitment"], "positive": True,
                                             "indicators": ["deceived_nature_of_job",
                                                            "deceived_wages"]}
    # the bare id counts in both dimensions that list it; the qualified one in one only
    assert dims["coercive_recruitment"]["indicators"] == ["debt_bondage"]
    assert dims["coercion_at_destination"]["indicators"] == ["debt_bondage",
                                                             "violence_on_victim"]
    assert data["rule"] == "adult_act_means_purpose" and data["provisional"] is True
    assert data["explanation"][0].startswith("Presumed victim")


def test_score_unknown_age_and_both() -> None:
    r = run("score", "--age", "unknown", "--exploitation", "both", "--json",
            "--indicators", "deceived_nature_of_job,deceived_education,hazardous_work,"
                            "excessive_working_days_hours")
    data = json.loads(r.stdout)
    assert data["indicator_set"].startswith("child_")
    assert data["outcome"] == "presumed_victim"
    assert set(data["extra"]["sets_evaluated"]) == {"child_labour", "child_sexual"}


def test_score_unknown_indicator_exits_1_naming_it() -> None:
    r = run("score", "--age", "30", "--exploitation", "labour", "--indicators",
            "deceived_wages,not_an_indicator")
    assert r.returncode == 1
    assert "not_an_indicator" in r.stderr and r.stdout == ""


def test_score_human_output_is_readable() -> None:
    r = run("score", "--age", "30", "--exploitation", "sexual", "--indicators",
            "forced_tasks_or_clients")
    assert r.returncode == 0
    assert "Indicators present" in r.stdout and "Forced to do tasks or to serve clients" in r.stdout
    assert "Provisional" in r.stdout


def test_interview_from_a_file() -> None:
    r = run("interview", "--answers", str(DATA / "interview-scam-compound.json"), "--json",
            "--today", "2026-11-22")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["outcome"] == "presumed_victim" and data["urgent"] is True
    assert data["urgent_reasons"] == ["urgent_danger"]
    assert data["evidence"]["deceived_nature_of_job"] == ["deceived_job"]
    assert data["extra"]["form_version"] == "1.0"


def test_interview_with_bad_answers_names_the_question_not_the_answer(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"consent_interview": "yes", "gender": "Secret-Name-123",
                                "nationality": "Atlantis"}), encoding="utf-8")
    r = run("interview", "--answers", str(path))
    assert r.returncode == 1
    assert "gender" in r.stderr and "nationality" in r.stderr
    assert "Secret-Name-123" not in r.stderr and "Atlantis" not in r.stderr
    path.write_text("{not json", encoding="utf-8")
    assert run("interview", "--answers", str(path)).returncode == 1


def test_forms_list_and_check(tmp_path: Path) -> None:
    r = run("forms", "list")
    assert r.returncode == 0 and r.stdout.startswith("identification\t1.0\tprovisional")
    assert run("forms", "check").returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: form\nid: bad\nversion: '1.0'\nstatus: draft\ntitle: Bad\n"
                   "sections:\n  - id: s\n    title: S\n    questions:\n"
                   "      - {id: q, type: yes_no, text: Q, indicators: [nope]}\n",
                   encoding="utf-8")
    r = run("forms", "check", str(bad))
    assert r.returncode == 1
    assert "bad.yaml: question 'q': unknown indicator id 'nope'" in r.stderr


def test_forms_sets_show_status_and_strength_sources() -> None:
    r = run("forms", "sets")
    assert r.returncode == 0
    assert "adult_sexual\t0.1\tprovisional" in r.stdout
    assert "adult_labour\t2009.1\tunverified" in r.stdout
    r = run("forms", "sets", "adult_sexual", "--json")
    data = json.loads(r.stdout)
    assert "forced_tasks_or_clients" in data["dimensions"]["coercion_at_destination"]["strong"]
    assert "synthesis" in data["strength_sources"][
        "coercion_at_destination.forced_tasks_or_clients"]
    assert run("forms", "sets", "no_such_set").returncode == 1


def test_forms_check_reads_indicator_and_rule_set_files(tmp_path: Path) -> None:
    bad_set = tmp_path / "set.yaml"
    bad_set.write_text("kind: indicator_set\nid: x\nversion: '1'\npopulation: elder\n"
                       "exploitation: labour\nstatus: verified\nsource: s\n"
                       "dimensions:\n  d1: {strong: [a, a], strongest: [b]}\n",
                       encoding="utf-8")
    r = run("forms", "check", str(bad_set))
    assert r.returncode == 1
    assert "indicator set 'x': 'population' must be one of: adult, child" in r.stderr
    assert "dimension 'd1': indicator 'a' is listed twice" in r.stderr
    assert "dimension 'd1': unknown strength 'strongest'" in r.stderr
    bad_rules = tmp_path / "rules.yaml"
    bad_rules.write_text("kind: rule_set\nid: r\nversion: '1'\nstatus: provisional\n"
                         "source: s\nsets:\n  adult: {labour: adult_labour, sexual: adult_sexual}\n"
                         "  child: {labour: child_labour, sexual: child_sexual}\n"
                         "dimension_rule:\n  - {id: c, text: t, when: 'strong >= 1 and mediums'}\n"
                         "combination:\n"
                         "  adult: {id: a, text: t, when: 'exploitative_conditions'}\n"
                         "  child: {id: c, text: t, when: 'exploitative_conditions or'}\n",
                         encoding="utf-8")
    r = run("forms", "check", str(bad_rules))
    assert r.returncode == 1
    assert "dimension_rule clause 1: 'when' reads 'mediums'" in r.stderr
    assert "combination 'child': bad expression in 'when'" in r.stderr


def test_interview_human_output() -> None:
    r = run("interview", "--answers", str(DATA / "interview-scam-compound.json"),
            "--today", "2026-11-22")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Presumed victim")
    assert lines[1].startswith("URGENT")
    assert any("Forced into illegal or criminal activities" in line for line in lines)
