"""The explanation names questions by their words when the form is at hand."""

from screening_app.screening import evaluate_interview, load_form
from screening_app.screening.explain import explain, question_names


def test_question_ids_become_question_text_with_the_form() -> None:
    form = load_form("identification")
    first = form.questions()[0]
    assert question_names([first.id], None) == first.id
    named = question_names([first.id, "no_such_question"], form)
    assert first.text in named and "no_such_question" in named
    assert first.id not in named.replace("no_such_question", "")


def test_explanation_with_the_form_shows_no_bare_evidence_ids() -> None:
    form = load_form("identification")
    outcome = evaluate_interview(form, {})
    with_form = "\n".join(explain(outcome, form))
    for qid in outcome.extra.get("unanswered_required") or []:
        assert f"{qid}," not in with_form and f"({qid})" not in with_form
