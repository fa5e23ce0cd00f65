"""Statistics over what the program has stored through its history: interviews taken
with identification 1.0 (four pre-2.0 gender values, one nationality) and 1.1 (the six
HTCDS 2.0 genders, every citizenship) counted side by side, and an installation made
before HTCDS 2.0 (tests/data/main-v1) whose stored values core migration 7 rewrote.
Every count is checked against what the cases themselves say."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from stats_cases import form_answers

from screening_app.domain import Answer, Case, Gender
from screening_app.domain.ids import new_case_id
from screening_app.exchange.statistics_export import export_htcds, record_of
from screening_app.screening import evaluate_interview, load_form
from screening_app.screening.form_files import profile_from_answers
from screening_app.statistics.request import StatisticsRequest
from screening_app.statistics.variables import GENDERS, Var
from screening_app.storage import Session
from screening_app.storage.statistics import StatisticsStore, installed_dimensions

# (form version, gender answer, citizenship answer, the 2.0 gender it must count as)
INTERVIEWS: list[tuple[str, str, Any, str]] = [
    *[("1.0", "Male", "MM", "Masculine")] * 3,
    *[("1.0", "Female", "KH", "Feminine")] * 3,
    ("1.0", "Transgender/NonConforming", "KH", "NonSpecifiedUnknown"),
    ("1.0", "Unknown", None, "NonSpecifiedUnknown"),
    *[("1.1", "Feminine", ["LA", "TH"], "Feminine")] * 2,
    ("1.1", "Masculine", ["TH"], "Masculine"),
    *[("1.1", "TransgenderFeminine", ["VN"], "TransgenderFeminine")] * 2,
    ("1.1", "TransgenderMasculine", [], "TransgenderMasculine"),
    ("1.1", "NonConforming", ["KH"], "NonConforming"),
    ("1.1", "NonSpecifiedUnknown", ["CN", "MM"], "NonSpecifiedUnknown"),
]


def _interview(n: int, version: str, gender: str, citizenship: Any) -> Case:
    """A finished interview as the program records one: the profile comes from the
    answers through the form's own mapping, the outcome from the form's rules."""
    form = load_form("identification", version)
    answers = form_answers(random.Random(n), version)
    answers[form.profile["gender"]] = gender
    place = form.profile.get("citizenship") or form.profile["nationality"]
    if citizenship is None:
        answers.pop(place, None)
    else:
        answers[place] = citizenship
    created = datetime(2025, 4, 1 + n, 9, tzinfo=UTC)
    person, consent = profile_from_answers(answers, form)
    case = Case(id=new_case_id(), reference=f"KH-VER-01-{n:04d}", created_by="officer",
                created_at=created, updated_at=created, person=person, consent=consent,
                form_id="identification", form_version=version, draft=False)
    case.answers = {q: Answer(q, v, answered_at=created, answered_by="officer")
                    for q, v in answers.items()}
    case.outcomes = [evaluate_interview(form, answers, created.date())]
    return case


def _expected(cases: list[Case]) -> dict[str, dict[tuple[str, ...], int]]:
    """The counts computed from the cases in Python, independently of storage's SQL."""
    out: dict[str, dict[tuple[str, ...], int]] = {Var.GENDER: {}, Var.NATIONALITY: {},
                                                  Var.EXPLOITATION: {}, Var.OUTCOME: {}}
    for case in cases:
        outcome = case.outcomes[-1]
        stated = outcome.extra.get("exploitation_basis") == "stated"
        said = list(outcome.extra.get("exploitation") or [])
        exploitation = (said[0] if stated and len(said) == 1 else
                        "both" if stated and len(said) == 2 else "not_stated")
        for var, code in ((Var.GENDER, case.person.gender.value),
                          (Var.NATIONALITY, (case.person.citizenship or [""])[0]),
                          (Var.EXPLOITATION, exploitation),
                          (Var.OUTCOME, outcome.kind.value)):
            out[var][(code,)] = out[var].get((code,), 0) + 1
    return out


def test_both_form_versions_counted_in_htcds_2_values(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    cases = [_interview(n, *row[:3]) for n, row in enumerate(INTERVIEWS)]
    with made.open("officer") as session, session.transaction():
        for case in cases:
            session.cases.put(case)
    # the profile took the 2.0 value each form's option stands for
    assert [c.person.gender.value for c in cases] == [row[3] for row in INTERVIEWS]
    request = StatisticsRequest(date_from=date(2025, 4, 1), date_to=date(2025, 4, 30), k=2)
    with made.open("supervisor") as session:
        store = StatisticsStore(session)
        facts = store.facts(request, installed_dimensions())
        versions = store.versions(request)
        htcds = export_htcds(session, request)
    assert versions.forms == ("identification 1.0", "identification 1.1")
    assert facts.total == len(INTERVIEWS)
    expected = _expected(cases)
    for var in expected:
        assert facts.counts[var] == expected[var], var
    assert {g for (g,) in facts.counts[Var.GENDER]} <= set(GENDERS)
    # 1.1 asks every citizenship: counted under the first, as the case list shows it
    assert facts.counts[Var.NATIONALITY][("LA",)] == 2
    assert facts.counts[Var.NATIONALITY][("CN",)] == 1
    assert facts.counts[Var.NATIONALITY][("",)] == 2      # none recorded (1.0 and 1.1)
    # The case-level export reads each case through the one HTCDS mapping: the 2.0
    # gender and every citizenship, whichever form the case was taken with.
    records = {c.reference: record_of(c) for c in cases}
    for case, (_v, _g, citizenship, gender) in zip(cases, INTERVIEWS, strict=True):
        record = records[case.reference]
        assert record.gender == gender
        wanted = [citizenship] if isinstance(citizenship, str) else citizenship or []
        assert list(record.citizenship) == wanted
    assert htcds.result.k == 2
    assert len(htcds.result.kept) + htcds.result.suppressed == len(INTERVIEWS)
    for _qi, record in htcds.result.kept:
        assert record.gender is None or record.gender in GENDERS


FIXTURE = Path(__file__).resolve().parents[1] / "data" / "main-v1"


def test_an_installation_from_before_htcds_2_counts_in_2_0_values(tmp_path: Path) -> None:
    """main-v1 stored Male, Female, Transgender/NonConforming and Unknown and one
    nationality (core schema 6). Opening it runs core migration 7, then the
    statistics migration fills statistics_cases from the migrated cases: every row
    counts the 2.0 gender and the first citizenship the case now holds."""
    shelter = tmp_path / "shelter"
    shutil.copytree(FIXTURE / "shelter", shelter)
    for folder in ("inbox", "outbox", "logs"):
        (shelter / folder).mkdir(mode=0o700, exist_ok=True)
    with Session.open(shelter, "officer", "officer passphrase") as session:
        ids = [str(r[0]) for r in session.database.query("SELECT id FROM cases")]
        cases = {i: session.cases.get(i) for i in ids}
        rows = {str(r[0]): (r[1], r[2], r[3]) for r in session.database.query(
            "SELECT case_id, gender, gender_group, nationality FROM statistics_cases")}
    assert len(cases) >= 5 and set(rows) == set(cases)
    for case_id, case in cases.items():
        gender, group, nationality = rows[case_id]
        assert gender == case.person.gender.value, case.reference
        assert group == (gender if gender in ("Feminine", "Masculine") else "other")
        assert nationality == (case.person.citizenship or [""])[0]
    genders = {g for g, _group, _n in rows.values()}
    assert genders <= set(GENDERS) and Gender.MASCULINE.value in genders
    assert Gender.NOT_SPECIFIED.value in genders       # Transgender/NonConforming, Unknown
    with Session.open(shelter, "admin", "admin passphrase") as session:
        facts = StatisticsStore(session).facts(StatisticsRequest(k=2), installed_dimensions())
    assert facts.total == len(cases)
    assert sum(facts.counts[Var.GENDER].values()) == len(cases)
    assert {g for (g,) in facts.counts[Var.GENDER]} == genders


def test_a_case_stored_again_keeps_one_row_in_step(data_dir_factory: Any) -> None:
    """The repository stores a received case again with an upsert (`ON CONFLICT DO
    UPDATE`), whose conflict policy SQLite also imposes on the triggers' statements:
    the statistics row must follow it (statistics migration 2), not abort the save."""
    made = data_dir_factory()
    case = _interview(1, "1.0", "Male", "MM")
    with made.open("officer") as session:
        session.cases.put(case)
        case.person.gender = Gender.TRANSGENDER_FEMININE
        case.person.citizenship = ["TH", "MM"]
        case.outcomes = []
        session.cases.put(case)                 # the importer's path for an update
        rows = session.database.query(
            "SELECT gender, gender_group, nationality, outcome FROM statistics_cases")
    assert [tuple(r) for r in rows] == [("TransgenderFeminine", "other", "TH", "not_screened")]
