"""Whatever the answers of a stored or received case hold (a damaged file, an old
version, any type), turning the case into HTCDS 2.0 never crashes and writes only
HTCDS 2.0 names and values."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from screening_app.domain import Answer, Case, OfficerDecision, OutcomeKind, Person
from screening_app.exchange.htcds_record import case_to_htcds
from screening_app.screening import load_form
from screening_app.standards import htcds

FORM = load_form("identification", "1.0")
IDS = [q.id for q in FORM.questions()]
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 200),
              st.sampled_from(["yes", "no", "KH", "XK", "2020-01-01", "2020-13", "2020",
                               "fishing", "sexual_services", "recruitment", "exploitation",
                               "family_member", "paid_to_other", ""]),
              st.text(max_size=5)),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["stage", "country", "place", "date", "x"]), children,
                        max_size=4)),
    max_leaves=8)
answers = st.dictionaries(st.sampled_from([*IDS, "nonsense"]), values, max_size=30)


@settings(max_examples=150, deadline=None)
@given(answers, st.booleans())
def test_any_answers_give_only_htcds_2_values(given_answers: dict[str, Any],
                                             personal: bool) -> None:
    case = Case(id="c", reference="r", created_by="o", form_id=FORM.id,
                form_version=FORM.version, person=Person(given_name="A"))
    case.answers = {q: Answer(q, v) for q, v in given_answers.items()}
    case.answers["consent_interview"] = Answer("consent_interview", "yes")
    kind = OutcomeKind.PRESUMED_VICTIM
    case.decision = OfficerDecision(kind, kind, None, "o")
    row = case_to_htcds(case, personal=personal, today=date(2026, 3, 2))
    for name, value in row.fields.items():
        htcds.check(name, value)
    for event in row.events:
        htcds.record(event)
