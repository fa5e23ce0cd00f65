"""Whatever arrives as answers (a damaged file, an old version, a typo in a script),
checking and scoring them never crashes: problems come back as messages."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from screening_app.screening import evaluate_interview, load_form

FORMS = [load_form("identification", v) for v in ("1.0", "1.1")]
IDS = sorted({q.id for form in FORMS for q in form.questions()})
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 200), st.floats(allow_nan=False),
              st.sampled_from(["yes", "no", "refused", "KH", "km", "2020-01-01", "2020-13",
                               "a_wage", "sexual_services", "Female", ""]),
              st.text(max_size=5)),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["date", "age", "certainty", "stage", "country",
                                         "x"]), children, max_size=3)),
    max_leaves=6)
answer_dicts = st.dictionaries(st.sampled_from([*IDS, "nonsense"]), json_values, max_size=25)


@settings(max_examples=200, deadline=None)
@given(answer_dicts)
def test_any_answers_are_checked_and_scored_without_crashing(answers: dict[str, Any]) -> None:
    today = date(2026, 11, 22)
    for form in FORMS:
        problems = form.validate_answers(answers, today)
        assert all(isinstance(m, str) for ms in problems.values() for m in ms)
        outcome = evaluate_interview(form, answers, today)
        assert outcome.kind.value in ("presumed_victim", "indicators_present", "no_indicators")
        form.visible_sections(answers, today)
        form.missing_required(answers, today)
