"""A complete interview through the Python API: outcome, explanation, urgent flag,
officer decision, re-scoring under another rule set, national sets from a folder."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from screening_app.domain import Answer, Case, Gender, OutcomeKind
from screening_app.errors import Refused
from screening_app.paths import FORMS_DIR
from screening_app.screening import (
    FormError,
    check_forms,
    confirm,
    decide,
    evaluate_interview,
    explain,
    load_form,
    load_rule_set,
    rescore,
    score_indicators,
)

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 22)
# The rules score interviews of every form version still in use.
VERSIONS = pytest.mark.parametrize("version", ["1.0", "1.1"])


def _scam(version: str = "1.0") -> dict[str, object]:
    """The answers of a 1.0 interview; for 1.1 its profile as 1.1 asks it (HTCDS 2.0
    gender values, citizenship a list)."""
    data = json.loads((DATA / "interview-scam-compound.json").read_text(encoding="utf-8"))
    answers: dict[str, object] = data["answers"]
    if version != "1.0":
        answers["gender"] = Gender(answers["gender"]).value       # Male -> Masculine
        answers["citizenship"] = [answers.pop("nationality")]
    return answers


@VERSIONS
def test_scam_compound_interview_is_a_presumed_victim_with_reasons(version: str) -> None:
    form = load_form("identification", version)
    answers = _scam(version)
    assert form.validate_answers(answers, TODAY) == {}
    outcome = evaluate_interview(form, answers, TODAY)
    assert outcome.kind is OutcomeKind.PRESUMED_VICTIM
    assert outcome.indicator_set == "adult_labour"           # online scams: labour set
    assert outcome.urgent and outcome.urgent_reasons == ["urgent_danger"]
    assert outcome.evidence["forced_illicit_criminal_activities"] == ["illegal_acts"]
    assert outcome.evidence["confiscation_of_documents"] == ["documents_taken"]
    dims = outcome.dimensions
    assert dims["deceptive_recruitment"].positive
    assert dims["coercion_at_destination"].positive
    assert dims["coercion_at_destination"].reason == "strong_and_another"
    assert outcome.extra["form_id"] == "identification"
    assert outcome.extra["form_version"] == version
    assert outcome.extra["exploitation"] == ["labour"]
    assert outcome.provisional
    text = "\n".join(explain(outcome))
    assert "URGENT" in text and "adult_labour" in text and "illegal_acts" in text
    assert "Test" not in text                             # no personal data in explanations


@VERSIONS
def test_refused_answers_evidence_nothing(version: str) -> None:
    form = load_form("identification", version)
    outcome = evaluate_interview(form, {"consent_interview": "yes", "hit_at_work": "refused",
                                        "birth": {"age": 30}}, TODAY)
    assert outcome.kind is OutcomeKind.NO_INDICATORS and not outcome.urgent


@VERSIONS
def test_unknown_age_uses_the_child_sets_and_unstated_exploitation_both(version: str) -> None:
    form = load_form("identification", version)
    answers = {"consent_interview": "yes", "deceived_job": "yes", "deceived_travel": "yes",
               "long_days": "yes", "bad_housing": "yes"}
    outcome = evaluate_interview(form, answers, TODAY)
    assert outcome.extra["presumed_child"] is True
    assert outcome.indicator_set in ("child_labour", "child_sexual")
    assert set(outcome.extra["sets_evaluated"]) == {"child_labour", "child_sexual"}
    assert outcome.extra["exploitation_basis"] == "not_stated"
    assert outcome.kind is OutcomeKind.PRESUMED_VICTIM      # child: no means needed


@VERSIONS
def test_child_in_sexual_services_uses_the_child_sexual_set(version: str) -> None:
    form = load_form("identification", version)
    answers = {"consent_interview": "yes", "birth": {"age": 15, "certainty": "sure"},
               "work_types": ["sexual_services"], "deceived_job": "yes",
               "no_condom": "yes", "clients_forced": "yes"}
    outcome = evaluate_interview(form, answers, TODAY)
    assert outcome.indicator_set == "child_sexual"
    assert outcome.dimensions["exploitative_conditions"].indicators == [
        "sexual_services_as_child", "unprotected_sex_imposed"]
    assert outcome.dimensions["exploitative_conditions"].positive
    assert outcome.kind is OutcomeKind.INDICATORS_PRESENT   # a lone strong recruitment item
    answers["deceived_travel"] = "yes"
    assert evaluate_interview(form, answers, TODAY).kind is OutcomeKind.PRESUMED_VICTIM


def test_override_needs_a_reason() -> None:
    outcome = score_indicators(30, "labour", ["deceived_nature_of_job"])
    assert confirm(outcome, "officer1").decided is outcome.kind
    with pytest.raises(Refused, match="needs a reason"):
        decide(outcome, "presumed_victim", "   ", "officer1")
    decision = decide(outcome, OutcomeKind.PRESUMED_VICTIM, "Visible injuries", "officer1")
    assert decision.overridden and decision.reason == "Visible injuries"
    assert decision.suggested is OutcomeKind.INDICATORS_PRESENT
    with pytest.raises(Refused):
        decide(outcome, "victim", "x", "officer1")


def _national(tmp_path: Path) -> Path:
    """A copy of forms/ with a stricter rule set version 2.0 (a national task force's)."""
    d = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, d)
    text = (d / "rules" / "ilo-2009-default.yaml").read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "2.0"').replace(
        "when: strong >= 1 and strong + medium + weak >= 2",
        "when: strong >= 2")
    (d / "rules" / "ilo-2009-default-2.0.yaml").write_text(text, encoding="utf-8")
    return d


def test_rescoring_under_a_newer_rule_set_keeps_the_old_outcome(tmp_path: Path) -> None:
    d = _national(tmp_path)
    form = load_form("identification", "1.0", directory=d)
    answers = _scam()
    old = evaluate_interview(form, answers, TODAY, load_rule_set(version="1.0", directory=d))
    case = Case(id="c1", reference="KH-1-1-1", created_by="officer1", form_id="identification",
                form_version="1.0", outcomes=[old],
                answers={k: Answer(k, v) for k, v in answers.items()})
    new = rescore(case, today=TODAY, directory=d)
    assert (old.rule_set_version, new.rule_set_version) == ("1.0", "2.0")
    assert new.extra["rescored_from"] == {"rule_set": "ilo_2009_default",
                                          "rule_set_version": "1.0",
                                          "outcome": "presumed_victim"}
    assert case.outcomes == [old]                       # the caller decides to append
    assert not new.dimensions["deceptive_recruitment"].positive   # 1 strong is not 2 strong
    with pytest.raises(Refused):
        rescore(Case(id="c2", reference="r", created_by="o"))


def test_a_national_indicator_set_with_its_own_ids_loads_from_a_folder(tmp_path: Path) -> None:
    d = _national(tmp_path)
    (d / "indicators" / "national.yaml").write_text("""
kind: indicator_set
id: national_adult_labour
version: "2016.1"
title: National set
population: adult
exploitation: labour
status: verified
source: ASEAN-COMMIT Common Indicators (2016), checked by the national task force
dimensions:
  deceptive_recruitment:
    strong: [deceived_nature_of_job, lured_by_fake_agency]
  coercive_recruitment: {strong: [], medium: [], weak: []}
  recruitment_abuse_of_vulnerability: {strong: [], medium: [], weak: []}
  exploitative_conditions: {strong: [excessive_working_days_hours], medium: [], weak: []}
  coercion_at_destination: {strong: [violence_on_victim], medium: [], weak: []}
  abuse_of_vulnerability_at_destination: {strong: [], medium: [], weak: []}
labels:
  indicators:
    lured_by_fake_agency: Lured by a fake recruitment agency
""", encoding="utf-8")
    text = (d / "rules" / "ilo-2009-default.yaml").read_text(encoding="utf-8")
    text = (text.replace("id: ilo_2009_default", "id: national_rules")
            .replace("status: provisional", "status: verified")
            .replace("labour: adult_labour", "labour: national_adult_labour"))
    (d / "rules" / "national.yaml").write_text(text, encoding="utf-8")
    assert check_forms(d) == []
    rules = load_rule_set("national_rules", directory=d)
    outcome = score_indicators(40, "labour", ["deceived_nature_of_job", "lured_by_fake_agency"],
                               rules, directory=d)
    assert outcome.indicator_set == "national_adult_labour"
    assert outcome.dimensions["deceptive_recruitment"].positive
    assert outcome.provisional is False                  # verified set under verified rules


def test_a_rule_set_naming_an_unknown_set_is_refused(tmp_path: Path) -> None:
    d = _national(tmp_path)
    path = d / "rules" / "ilo-2009-default.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sexual: adult_sexual", "sexual: adult_sexul"), encoding="utf-8")
    problems = [str(p) for p in check_forms(d)]
    assert any("ilo-2009-default.yaml" in p and "adult_sexul" in p for p in problems), problems
    with pytest.raises(FormError):
        load_rule_set(directory=d)


@VERSIONS
def test_an_unfinished_interview_says_what_is_missing(version: str) -> None:
    form = load_form("identification", version)
    outcome = evaluate_interview(form, {"urgent_medical": "no"}, TODAY)
    assert "urgent_danger" in outcome.extra["unanswered_required"]
    assert "urgent_medical" not in outcome.extra["unanswered_required"]
    full = evaluate_interview(form, _scam(version), TODAY)
    assert full.extra["unanswered_required"] == []
