"""Counts in the words of screening, forms and their files follow the language's plural
rule (ngettext), one and many alike: "1 required question", "about 1 year old"."""

from __future__ import annotations

from datetime import date

import pytest

from screening_app.i18n import set_language
from screening_app.screening import evaluate_interview, explain, load_form
from screening_app.screening.answers import describe_answer
from screening_app.screening.expressions import ParseError, parse
from screening_app.screening.files import FormError, Problem

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")
    yield
    set_language("en")


def test_a_file_with_one_problem_and_with_two() -> None:
    one = Problem("f.yaml", "", "wrong")
    assert str(FormError([one])).splitlines()[0] == "The file cannot be used (1 problem):"
    assert str(FormError([one, one])).splitlines()[0] == "The file cannot be used (2 problems):"


def test_an_unfinished_interview_counts_its_missing_questions() -> None:
    form = load_form("identification", "1.1")
    answers = {q.id: "no" for q in form.questions() if q.required and q.id.startswith("urgent")}
    required = [q.id for q in form.questions() if q.required and q.id not in answers]
    for missing in (required[:1], required[:2]):
        given = {**answers, **{q: "yes" for q in required if q not in missing}}
        lines = explain(evaluate_interview(form, given, TODAY), form)
        n = len(missing)
        word = "question has" if n == 1 else "questions have"
        assert any(f"{n} required {word} no answer" in line for line in lines), lines


def test_an_age_of_one_year_and_of_many() -> None:
    birth = load_form("identification", "1.1").question("birth")
    assert describe_answer(birth, {"age": 1}, "en") == "about 1 year old"
    assert describe_answer(birth, {"age": 16}, "en") == "about 16 years old"
    assert describe_answer(birth, {"age": 1}, "km") == "អាយុប្រហែល 1 ឆ្នាំ"   # a document's language


def test_limits_of_answers_and_expressions() -> None:
    form = load_form("identification", "1.1")
    wishes = form.question("wishes")
    errors = form.validate_answer(wishes, "x" * 5000, {}, TODAY)
    assert errors and "characters)." in errors[0]
    with pytest.raises(ParseError) as too_long:
        parse("a" * 5000)
    assert "characters)." in str(too_long.value)
