"""The indicator engine: answers or indicator ids → an explained Outcome.

A dimension is positive when a clause of the rule set's dimension rule holds for
its strong/medium/weak counts; the population's combination rule over positive
dimensions decides "presumed victim"; otherwise any counted indicator gives
"indicators present". The child set applies whenever the person is presumed a
child (Person.is_presumed_child: under 18, age unknown or in doubt).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from screening_app.domain import DimensionResult, Outcome, OutcomeKind, Person
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.screening.expressions import Values
from screening_app.screening.form_definition import FormDefinition
from screening_app.screening.form_files import load_form
from screening_app.screening.indicators import (
    EXPLOITATIONS,
    IndicatorSet,
    catalogue,
    get_indicator_set,
)
from screening_app.screening.profile import person_from_answers
from screening_app.screening.rules import RuleSet, load_rule_set

EXPLOITATION_CHOICES = ("labour", "sexual", "both")
NOT_ENOUGH = "not_enough"        # DimensionResult.reason when no clause holds
NO_INDICATORS = "none"           # DimensionResult.reason when nothing was found


class UnknownIndicator(Refused):
    """An indicator id that no indicator set of the rule set lists."""

    def __init__(self, ref: str) -> None:
        super().__init__(_("Unknown indicator id {id!r}: no indicator set of the rule set "
                           "lists it. Nothing was scored; check the id (see forms/indicators/)."
                           ).format(id=ref))
        self.ref = ref


@dataclass(frozen=True)
class SetResult:
    indicator_set: IndicatorSet
    kind: OutcomeKind
    dimensions: dict[str, DimensionResult]
    rule_met: bool

    @property
    def strength_key(self) -> tuple[int, int, int]:
        return (self.kind.rank, sum(d.positive for d in self.dimensions.values()),
                sum(len(d.indicators) for d in self.dimensions.values()))


def counted_indicators(indicator_set: IndicatorSet, refs: Iterable[str]) -> dict[str, list[str]]:
    """dimension id -> indicators counted there: a bare id in every dimension that lists
    it, `dimension.indicator` in that dimension only."""
    out: dict[str, list[str]] = {d: [] for d in indicator_set.dimensions}
    for ref in refs:
        dim, dot, ind = ref.rpartition(".")
        dims = [dim] if dot else indicator_set.dimensions_of(ind)
        for d in dims:
            if indicator_set.strength(d, ind) is not None and ind not in out[d]:
                out[d].append(ind)
    return out


def score_dimension(indicator_set: IndicatorSet, dimension: str, indicators: list[str],
                    rule_set: RuleSet) -> DimensionResult:
    counts = {"strong": 0, "medium": 0, "weak": 0}
    for ind in indicators:
        strength = indicator_set.strength(dimension, ind)
        if strength is not None:
            counts[strength] += 1
    env = Values(dict(counts))
    reason = NO_INDICATORS if not indicators else NOT_ENOUGH
    for clause in rule_set.dimension_rule:
        if clause.when.is_true(env):
            reason = clause.id
            break
    positive = reason not in (NOT_ENOUGH, NO_INDICATORS)
    return DimensionResult(positive=positive, indicators=sorted(indicators),
                           strong=counts["strong"], medium=counts["medium"],
                           weak=counts["weak"], reason=reason)


def score_set(indicator_set: IndicatorSet, rule_set: RuleSet, refs: Iterable[str]) -> SetResult:
    counted = counted_indicators(indicator_set, refs)
    dims = {d: score_dimension(indicator_set, d, inds, rule_set) for d, inds in counted.items()}
    clause = rule_set.combination[indicator_set.population]
    met = clause.when.is_true(Values({d: r.positive for d, r in dims.items()}))
    if met:
        kind = OutcomeKind.PRESUMED_VICTIM
    elif any(r.indicators for r in dims.values()):
        kind = OutcomeKind.INDICATORS_PRESENT
    else:
        kind = OutcomeKind.NO_INDICATORS
    return SetResult(indicator_set, kind, dims, met)


def check_refs(refs: Iterable[str], rule_set: RuleSet, directory: Path | None = None) -> None:
    """Raise UnknownIndicator for the first reference no set of the rule set lists."""
    sets = [get_indicator_set(sid, None, directory)
            for by_expl in rule_set.sets.values() for sid in by_expl.values()]
    for ref in refs:
        dim, dot, ind = ref.rpartition(".")
        if dot:
            ok = any(s.strength(dim, ind) is not None for s in sets)
        else:
            ok = any(ind in s.indicators() for s in sets)
        if not ok:
            raise UnknownIndicator(ref)


def _outcome(results: list[SetResult], rule_set: RuleSet, population: str,
             exploitation: list[str], basis: str, extra: dict[str, Any]) -> Outcome:
    best = max(results, key=lambda r: r.strength_key)   # max keeps the first of equals
    clause = rule_set.combination[population]
    s = best.indicator_set
    info: dict[str, Any] = {
        "indicator_set_version": s.version,
        "indicator_set_status": s.status,
        "indicator_set_source": s.source,
        "rule_set_status": rule_set.status,
        "rule_text": clause.text,
        "rule_met": best.rule_met,
        "dimension_rule": [c.to_dict() for c in rule_set.dimension_rule],
        "population": population,
        "exploitation": exploitation,
        "exploitation_basis": basis,
        "strengths": {d: {i: s.strength(d, i) for i in r.indicators}
                      for d, r in best.dimensions.items() if r.indicators},
    }
    if len(results) > 1:
        info["sets_evaluated"] = {
            r.indicator_set.id: {
                "outcome": r.kind.value,
                "rule_met": r.rule_met,
                "positive_dimensions": [d for d, x in r.dimensions.items() if x.positive],
                "dimensions": {d: x.to_dict() for d, x in r.dimensions.items()},
            } for r in results}
        info["chosen_set"] = s.id
    info.update(extra)
    return Outcome(
        kind=best.kind, urgent=False, indicator_set=s.id, rule_set=rule_set.id,
        rule_set_version=rule_set.version, dimensions=best.dimensions, rule=clause.id,
        provisional=s.provisional or not rule_set.verified, extra=info,
    )


def _score(refs: list[str], presumed_child: bool, exploitation: list[str], basis: str,
           rule_set: RuleSet, directory: Path | None, extra: dict[str, Any]) -> Outcome:
    population = "child" if presumed_child else "adult"
    results = [score_set(get_indicator_set(rule_set.set_for(population, e), None, directory),
                         rule_set, refs) for e in exploitation]
    return _outcome(results, rule_set, population, exploitation, basis, extra)


def _exploitations(exploitation: str) -> list[str]:
    if exploitation == "both":
        return list(EXPLOITATIONS)
    if exploitation not in EXPLOITATIONS:
        raise Refused(_("The exploitation must be labour, sexual or both."))
    return [exploitation]


def score_indicators(age: int | None, exploitation: str, indicators: Iterable[str],
                     rule_set: RuleSet | None = None, *, age_in_doubt: bool = False,
                     directory: Path | None = None) -> Outcome:
    """Apply the rules to bare indicator ids (or `dimension.indicator`), for audit and
    training. `age` None means unknown: the child set applies."""
    rs = rule_set or load_rule_set(directory=directory)
    if isinstance(indicators, str):        # "id,id" as typed on a command line
        indicators = indicators.split(",")
    refs = [r.strip() for r in indicators if r.strip()]
    check_refs(refs, rs, directory)
    child = Person(estimated_age=age, age_in_doubt=age_in_doubt).is_presumed_child(date.today())
    return _score(refs, child, _exploitations(exploitation), "stated", rs, directory,
                  {"age": age, "age_in_doubt": age_in_doubt, "presumed_child": child})


def evaluate_interview(form: FormDefinition, answers: dict[str, Any],
                       today: date | None = None, rule_set: RuleSet | None = None,
                       directory: Path | None = None) -> Outcome:
    """Score an interview: only the answers of visible questions count."""
    day = today or date.today()
    rs = rule_set or load_rule_set(form.rule_set, form.rule_set_version, directory)
    evidence_refs = form.evidence(answers, day)
    evidence: dict[str, list[str]] = {}
    for ref, qids in evidence_refs.items():
        ind = ref.rpartition(".")[2]
        evidence.setdefault(ind, [])
        evidence[ind].extend(q for q in qids if q not in evidence[ind])
    person = person_from_answers(form, answers)
    child = person.is_presumed_child(day)
    stated = sorted(form.exploitation(answers, day))
    exploitation = stated or list(EXPLOITATIONS)
    basis = "stated" if stated else "not_stated"
    outcome = _score(list(evidence_refs), child, exploitation, basis, rs, directory, {
        "form_id": form.id, "form_version": form.version,
        "age": person.age_on(day), "age_in_doubt": person.age_in_doubt,
        "presumed_child": child,
        # required questions still open: the officer sees the interview is not complete
        "unanswered_required": [q.id for q in form.missing_required(answers, day)],
    })
    outcome.evidence = {k: sorted(v) for k, v in sorted(evidence.items())}
    outcome.urgent_reasons = form.urgent_reasons(answers, day)
    outcome.urgent = bool(outcome.urgent_reasons)
    return outcome


def rescore(case: Any, rule_set: RuleSet | None = None, today: date | None = None,
            directory: Path | None = None) -> Outcome:
    """A new Outcome for `case` under `rule_set` (default: the newest version of the rule
    set the case was scored with), using the form version the case was taken with. The
    case is not changed: the caller appends the result to `case.outcomes`, keeping the
    old one."""
    if not case.form_id or not case.form_version:
        raise Refused(_("This case has no interview form recorded, so it cannot be scored "
                        "again. Nothing was changed."))
    form = load_form(case.form_id, case.form_version, directory)
    if rule_set is None:
        previous = case.outcomes[-1].rule_set if case.outcomes else form.rule_set
        rule_set = load_rule_set(previous, None, directory)
    outcome = evaluate_interview(form, case.answer_values(), today, rule_set, directory)
    if case.outcomes:
        old = case.outcomes[-1]
        outcome.extra["rescored_from"] = {"rule_set": old.rule_set,
                                          "rule_set_version": old.rule_set_version,
                                          "outcome": old.kind.value}
    return outcome


def known_indicator_ids(directory: Path | None = None) -> set[str]:
    return {i for s in catalogue(directory).sets.values() for i in s.indicators()}
