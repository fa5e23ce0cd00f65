"""The made-up interviews of the demo (screening_app.samples.interviews) on every
installed version of the identification form: the answers come from the form file,
so each scenario reaches its outcome on 1.0 and on 1.1 (whose positive questions
carry their indicators on "no"), with only visible questions and valid values."""

from __future__ import annotations

import random

import pytest

from screening_app.samples.interviews import SCENARIOS, Scenario, interview_answers
from screening_app.samples.people import person
from screening_app.screening import evaluate_interview, list_forms

VERSIONS = sorted(f.version for f in list_forms() if f.id == "identification")


def test_both_versions_are_installed() -> None:
    assert {"1.0", "1.1"} <= set(VERSIONS)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_scenario_reaches_its_outcome(version: str, scenario: Scenario) -> None:
    from screening_app.screening import load_form

    form = load_form("identification", version)
    rng = random.Random(7)
    someone = person(rng, "km", age=15 if scenario.child else 30)
    answers = interview_answers(form, someone, scenario, rng)
    outcome = evaluate_interview(form, answers)
    assert outcome.kind is scenario.expected
    assert outcome.urgent is scenario.urgent
    assert bool(outcome.extra.get("presumed_child")) is scenario.child
    shown = {q.id for q in form.visible_questions(answers)}
    for qid, value in answers.items():
        assert qid in shown, qid                                  # only visible questions
        assert list(form.validate_answer(form.question(qid), value, answers)) == [], qid
    assert not form.missing_required(answers)                    # a whole interview
