"""The identification form: every indicator reachable, skip logic, answer checks,
profile mapping; bad forms refused with precise messages."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from screening_app.domain import ConsentMethod, Gender
from screening_app.paths import FORMS_DIR
from screening_app.screening import (
    FormDefinition,
    FormError,
    QuestionType,
    check_forms,
    list_forms,
    load_form,
    load_form_file,
    load_indicator_sets,
    profile_from_answers,
)

TODAY = date(2026, 11, 22)


VERSIONS = ("1.0", "1.1")     # a recorded 1.0 case is still checked and scored
# What 1.1 changed in the profile (HTCDS 2.0): the six gender values as option values,
# and citizenship (every country) instead of one nationality.
FEMALE = {"1.0": "Female", "1.1": "Feminine"}
CITIZENSHIP = {"1.0": ("nationality", "KH"), "1.1": ("citizenship", ["KH"])}


@pytest.fixture(scope="module", params=VERSIONS)
def form(request: pytest.FixtureRequest) -> FormDefinition:
    return load_form("identification", request.param)


def _everything(form: FormDefinition, age: int) -> dict[str, Any]:
    """Answers that open every door: consent yes, every yes/no yes, every option chosen."""
    answers: dict[str, Any] = {}
    for q in form.questions():
        if q.type is QuestionType.YES_NO:
            answers[q.id] = "yes"
        elif q.type is QuestionType.MULTIPLE:
            answers[q.id] = [o.value for o in q.options if not o.exclusive]
        elif q.type is QuestionType.SINGLE:
            answers[q.id] = q.options[0].value
    answers["birth"] = {"age": age, "certainty": "sure"}
    return answers


def test_the_shipped_forms_and_sets_check_clean() -> None:
    assert check_forms() == []
    assert [(f.id, f.version) for f in list_forms()] == [
        ("identification", "1.0"), ("identification", "1.1")]
    assert load_form("identification").version == "1.1"      # new interviews use 1.1


def test_every_indicator_of_every_set_is_evidenced_by_a_reachable_option(
        form: FormDefinition) -> None:
    reachable: dict[str, set[str]] = {}   # option reference -> visible question ids
    for age in (30, 15):
        answers = _everything(form, age)
        visible = {q.id for q in form.visible_questions(answers, TODAY)}
        for q in form.questions():
            if q.id not in visible:
                continue
            for sub in (q, *q.questions):
                for o in sub.options:
                    for ref in o.indicators:
                        reachable.setdefault(ref, set()).add(q.id)
    missing = []
    for s in load_indicator_sets().values():
        for dim, inds in s.dimensions.items():
            for ind in inds:
                if ind not in reachable and f"{dim}.{ind}" not in reachable:
                    missing.append(f"{s.id}/{dim}/{ind}")
    assert missing == []


def test_sections_in_the_required_order(form: FormDefinition) -> None:
    ids = [s.id for s in form.sections]
    assert ids[:5] == ["safety", "consent", "profile", "journey", "work"]
    assert {"control", "violence", "sexual", "situation"} <= set(ids)


def test_urgent_questions_come_first_and_raise_the_flag(form: FormDefinition) -> None:
    first = form.sections[0].questions
    urgent = [q.id for q in first if any(o.urgent for o in q.options)]
    assert urgent == ["urgent_medical", "urgent_danger", "urgent_child_alone",
                      "urgent_cannot_go_on"]
    assert form.urgent_reasons({"urgent_danger": "yes", "urgent_medical": "no"}) == [
        "urgent_danger"]


def test_no_question_asks_if_the_person_was_trafficked(form: FormDefinition) -> None:
    for q in form.questions():
        assert "trafficked" not in q.text.lower()


def test_without_consent_the_interview_stops_after_consent(form: FormDefinition) -> None:
    shown = {q.section_id for q in form.visible_questions({"consent_interview": "no"}, TODAY)}
    assert shown == {"safety", "consent"}
    shown = {q.section_id for q in form.visible_questions({"consent_interview": "yes"}, TODAY)}
    assert {"profile", "journey", "work", "control", "violence", "situation"} <= shown
    assert "sexual" not in shown           # only when sexual exploitation is reported


def test_hidden_answers_never_count(form: FormDefinition) -> None:
    answers = {"consent_interview": "yes", "promises": ["a_job"], "deceived_pay": "yes"}
    assert "deceived_wages" not in form.evidence(answers)      # asked only if a wage promised
    answers["promises"] = ["a_wage"]
    assert form.evidence(answers)["deceived_wages"] == ["deceived_pay"]
    answers["consent_interview"] = "no"
    assert form.evidence(answers) == {}


def test_age_doubt_asked_only_of_apparent_adults(form: FormDefinition) -> None:
    q = form.question("age_doubt")
    base = {"consent_interview": "yes"}
    assert form.is_visible(q, {**base, "birth": {"age": 25}}, TODAY)
    assert not form.is_visible(q, {**base, "birth": {"age": 15}}, TODAY)
    assert not form.is_visible(q, base, TODAY)           # unknown age: already a child


@pytest.mark.parametrize(
    ("qid", "value", "ok"),
    [
        ("urgent_medical", "yes", True),
        ("urgent_medical", "maybe", False),
        ("gender", "female", False),
        ("documents_held", ["passport", "national_id"], True),
        ("documents_held", ["passport", "none"], False),        # "none" is exclusive
        ("documents_held", ["passport", "passport"], False),
        ("languages", ["km", "my", "zh_Hans"], True),
        ("languages", "km", False),                              # multiple: a list
        ("interpreter_language", "shn", True),                   # Shan, from CLDR
        ("birth", {"date": "2001-02-03", "certainty": "sure"}, True),
        ("birth", {"age": 16, "certainty": "not_sure"}, True),
        ("birth", {"age": 16, "date": "2001-02-03"}, False),
        ("birth", {"date": "2030-01-01"}, False),                # future
        ("birth", {"age": 200}, False),
        ("birth", {"age": 16, "certainty": "very"}, False),
        ("hours_per_day", 10, True),
        ("hours_per_day", 25, False),
        ("hours_per_day", 0.5, False),                           # form's own validate rule
        ("hours_per_day", "ten", False),
        ("wishes", "x" * 2001, False),
        ("events", [{"stage": "recruitment", "country": "MM", "date": "2025-06"}], True),
        ("events", [{"stage": "transit", "date": "2025-13"}], False),
        ("events", [{"country": "TH"}], False),                  # stage is required
        ("events", [{"stage": "transit", "planet": "Mars"}], False),
    ],
)
def test_validate_answer(form: FormDefinition, qid: str, value: Any, ok: bool) -> None:
    errors = form.validate_answer(form.question(qid), value, {}, TODAY)
    assert (errors == []) is ok, errors


def test_validate_profile_answers(form: FormDefinition) -> None:
    def ok(qid: str, value: Any) -> bool:
        return form.validate_answer(form.question(qid), value, {}, TODAY) == []

    qid, good = CITIZENSHIP[form.version]
    assert ok("gender", FEMALE[form.version]) and ok(qid, good)
    wrong = ["XX", "kh"] if form.version == "1.0" else [["XX"], ["kh"], "KH", ["KH", "KH"]]
    assert not any(ok(qid, value) for value in wrong)
    assert not ok("gender", FEMALE["1.1" if form.version == "1.0" else "1.0"])


def test_identification_1_1_speaks_htcds_2_0() -> None:
    from screening_app.domain import Gender
    from screening_app.screening.htcds_map import mapping_of

    form = load_form("identification", "1.1")
    # six options, one per 2.0 value, each mapped to itself
    values = [o.value for o in form.question("gender").options]
    assert len(values) == 6 and set(values) == {g.value for g in Gender}
    gender = mapping_of(form).entry("gender")
    assert gender is not None and all(gender.options[g.value] == {"prs_Gender": g.value}
                                      for g in Gender)
    citizenship = form.question("citizenship")
    assert citizenship.type is QuestionType.COUNTRY and citizenship.multiple
    assert form.profile["citizenship"] == "citizenship" and "nationality" not in form.profile
    for g in Gender:
        person, _consent = profile_from_answers({"gender": g.value,
                                                 "citizenship": ["KH", "TH"]}, form)
        assert person.gender is g and person.citizenship == ["KH", "TH"]


def test_required_answer_and_unknown_question(form: FormDefinition) -> None:
    assert form.validate_answer(form.question("urgent_medical"), None, {}, TODAY)
    assert form.validate_answers({"no_such_question": "yes"}, TODAY) == {
        "no_such_question": ["There is no such question in this form."]}


def test_profile_from_answers_fills_person_and_consent(form: FormDefinition) -> None:
    answers = {
        "given_name": " សុខា ", "family_name": "ចាន់", "latin_name": "Chan Sokha",
        "gender": FEMALE[form.version], "birth": {"age": 24, "certainty": "not_sure"},
        CITIZENSHIP[form.version][0]: CITIZENSHIP[form.version][1], "languages": ["km", "th"],
        "consent_interview": "yes", "consent_record": "yes", "consent_share": "no",
        "consent_how": "written", "interpreter_used": "yes", "interpreter_language": "km",
    }
    person, consent = profile_from_answers(answers, form)
    assert (person.given_name, person.family_name, person.latin_name) == (
        "សុខា", "ចាន់", "Chan Sokha")
    assert person.gender is Gender.FEMALE and person.nationality == "KH"
    assert person.estimated_age == 24 and person.age_in_doubt        # "not sure" → in doubt
    assert person.is_presumed_child(TODAY)
    assert person.languages == ["km", "th"]
    assert consent.interview and consent.record and not consent.share_for_referral
    assert consent.how is ConsentMethod.WRITTEN and consent.interpreter_language == "km"
    person, _ = profile_from_answers({"birth": {"date": "2000-05-01"}}, form)
    assert person.birth_date == date(2000, 5, 1) and not person.is_presumed_child(TODAY)


def test_exact_version_is_loaded(tmp_path: Path) -> None:
    shutil.copytree(FORMS_DIR, tmp_path / "forms")
    src = tmp_path / "forms" / "identification" / "identification-1.0.yaml"
    newer = src.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.10"', 1)
    (src.parent / "identification-1.10.yaml").write_text(newer, encoding="utf-8")
    d = tmp_path / "forms"
    assert load_form("identification", directory=d).version == "1.10"   # 1.10 > 1.9 > 1.0
    assert load_form("identification", "1.0", directory=d).version == "1.0"
    with pytest.raises(FormError, match="no such form"):
        load_form("identification", "9.9", directory=d)


# ------------------------------------------------------------------ bad forms

GOOD = """
kind: form
id: tiny
version: "1.0"
status: draft
title: Tiny
sections:
  - id: one
    title: One
    questions:
      - id: q1
        type: yes_no
        text: First?
{extra}
"""


def _load(tmp_path: Path, extra: str) -> FormDefinition:
    path = tmp_path / "tiny-1.0.yaml"
    path.write_text(GOOD.format(extra=extra), encoding="utf-8")
    return load_form_file(path)


def _problems(tmp_path: Path, extra: str) -> list[str]:
    with pytest.raises(FormError) as err:
        _load(tmp_path, extra)
    for p in err.value.problems:
        assert p.file.endswith("tiny-1.0.yaml")
    return [f"{p.where}: {p.message}" for p in err.value.problems]


def test_a_good_small_form_loads(tmp_path: Path) -> None:
    form = _load(tmp_path, """      - id: q2
        type: yes_no
        visible_if: q1 == 'yes'
        text: Second?
        indicators: [deceived_wages]""")
    assert [q.id for q in form.questions()] == ["q1", "q2"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("""      - id: q2
        type: yes_no
        text: Two?
        indicators: [made_up_indicator]""",
         "question 'q2': unknown indicator id 'made_up_indicator'"),
        ("""      - id: q2
        type: yes_no
        text: Two?
        indicators: [exploitative_conditions.deceived_wages]""",
         "question 'q2': indicator 'deceived_wages': no indicator set lists it in dimension"),
        ("""      - id: q1
        type: yes_no
        text: Again?""",
         "question 'q1': duplicate question id"),
        ("""      - id: q2
        type: yes_no
        visible_if: q2 == 'yes'
        text: Two?""",
         "question 'q2': 'visible_if' refers to the question itself"),
        ("""      - id: q2
        type: yes_no
        visible_if: q3 == 'yes'
        text: Two?
      - id: q3
        type: yes_no
        visible_if: q2 == 'yes'
        text: Three?""",
         "cyclic skip logic: q2 → q3 → q2"),
        ("""      - id: q2
        type: yes_no
        visible_if: q1 = 'yes'
        text: Two?""",
         "question 'q2': bad expression in 'visible_if': Use == to compare two values. "
         "(at character 4)"),
        ("""      - id: q2
        type: yes_no
        visible_if: nowhere == 'yes'
        text: Two?""",
         "question 'q2': 'visible_if' refers to unknown question 'nowhere'"),
        ("""      - id: q2
        type: yes_no
        visible_if: q3 == 'yes'
        text: Two?
      - id: q3
        type: yes_no
        text: Three?""",
         "question 'q2': 'visible_if' refers to 'q3', which comes later in the form"),
        ("""      - id: q2
        type: single
        text: Two?
        options:
          - {value: a, label: A}
          - {value: a, label: Again}""",
         "question 'q2', option 'a': this option value is used twice"),
        ("""      - id: q2
        type: colour
        text: Two?""",
         "question 'q2': unknown type 'colour'"),
        ("""      - id: q2
        type: yes_no
        visble_if: q1 == 'yes'
        text: Two?""",
         "question 'q2': unknown key 'visble_if'"),
        ("""      - id: age
        type: number
        text: Age?""",
         "question 'age': 'age' is a reserved name"),
    ],
)
def test_bad_forms_are_refused_precisely(tmp_path: Path, extra: str, expected: str) -> None:
    problems = _problems(tmp_path, extra)
    assert any(expected in p for p in problems), problems


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    problems = _problems(tmp_path, """      - id: q1
        type: yes_no
        text: Again?
        indicators: [nope]""")
    assert len(problems) == 2


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("kind: form\nid: [unclosed\n", encoding="utf-8")
    with pytest.raises(FormError) as err:
        load_form_file(path)
    assert "broken.yaml" in str(err.value) and "line" in str(err.value)


def test_answers_in_words_use_cldr_names(form: FormDefinition) -> None:
    from screening_app.screening import describe_answer

    qid, kh = CITIZENSHIP[form.version]
    assert describe_answer(form.question(qid), kh, "en") == "Cambodia"
    assert describe_answer(form.question(qid), kh, "th") == "กัมพูชา"
    assert describe_answer(form.question("languages"), ["km", "my"], "en") == "Khmer, Burmese"
    # Records show the officer's wording, also where the person heard "I prefer not to say".
    assert describe_answer(form.question("urgent_medical"), "refused", "en") == (
        "Prefers not to say")
    assert describe_answer(form.question("birth"), {"age": 16, "certainty": "not_sure"},
                           "en") == "about 16 years old (Not sure)"
    assert describe_answer(form.question("events"),
                           [{"stage": "transit", "country": "LA"}], "en") == "Transit; Laos"


def test_children_are_asked_in_simpler_words(form: FormDefinition) -> None:
    q = form.question("urgent_medical")
    assert form.text_for(q, {"birth": {"age": 12}}, TODAY) == q.child_text != q.text
    assert form.text_for(q, {"birth": {"age": 40}}, TODAY) == q.text
    assert form.text_for(q, {}, TODAY) == q.child_text            # age unknown: a child
    plain = form.question("gender")
    assert form.text_for(plain, {}, TODAY) == plain.text


def test_forms_check_names_indicators_no_option_evidences(tmp_path: Path) -> None:
    d = tmp_path / "forms"
    shutil.copytree(FORMS_DIR, d)
    path = d / "identification" / "identification-1.0.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("indicators: [threat_to_expose_images]", ""),
                    encoding="utf-8")
    problems = [f"{p.where}: {p.message}" for p in check_forms(d)]
    assert problems == [
        f"indicator '{s}/coercion_at_destination.threat_to_expose_images': no answer option "
        "of this form evidences it (rule set ilo_2009_default); the outcome could never "
        "count it." for s in ("adult_sexual", "child_sexual")]
