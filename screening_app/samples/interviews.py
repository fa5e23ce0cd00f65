"""Made-up interviews on a real form: answers that drive the real engine to a
chosen outcome (no indicators, indicators present, presumed victim, a child, an
urgent case).

Nothing here names a question: which question evidences which indicator, which
answer is urgent, which questions hold the profile and the consents, all come
from the form file. So the same scenarios work on every version of a form, and
the answers are the ones an officer could have given on screen (only visible
questions, only valid values).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from screening_app.domain import OutcomeKind, Person
from screening_app.screening import (
    CERTAINTY_VALUES,
    FormDefinition,
    Option,
    Question,
    QuestionType,
    evaluate_interview,
    get_indicator_set,
    load_rule_set,
)


@dataclass(frozen=True)
class Scenario:
    """What the person's story shows: the dimensions it makes positive, a few loose
    indicators, urgent needs, a child, the kind of exploitation, consent to share."""

    name: str
    expected: OutcomeKind
    positive: tuple[str, ...] = ()          # dimension ids the answers make positive
    loose: int = 0                          # indicators beyond those (no dimension needed)
    urgent: bool = False
    child: bool = False
    exploitation: str = "labour"            # "labour" or "sexual"
    share: bool = True


RECRUITMENT = ("deceptive_recruitment", "coercive_recruitment",
               "recruitment_abuse_of_vulnerability")
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("presumed_victim", OutcomeKind.PRESUMED_VICTIM,
             ("deceptive_recruitment", "exploitative_conditions", "coercion_at_destination")),
    Scenario("indicators_present", OutcomeKind.INDICATORS_PRESENT, loose=2),
    Scenario("no_indicators", OutcomeKind.NO_INDICATORS, share=False),
    Scenario("child", OutcomeKind.PRESUMED_VICTIM,
             ("deceptive_recruitment", "exploitative_conditions"), child=True),
    Scenario("urgent", OutcomeKind.INDICATORS_PRESENT, ("exploitative_conditions",),
             urgent=True),
    Scenario("sexual_exploitation", OutcomeKind.PRESUMED_VICTIM,
             ("deceptive_recruitment", "exploitative_conditions", "coercion_at_destination"),
             exploitation="sexual"),
)
SCENARIO = {s.name: s for s in SCENARIOS}
# Values an officer would rarely pick without a reason.
_RARE = {"unknown", "refused", "not_known"}


def _has_evidence(option: Option) -> bool:
    return bool(option.indicators) or option.urgent


class _Walk:
    """Answers the form page by page as the person's story says: a question is
    answered only when it is visible with the answers given before it."""

    def __init__(self, form: FormDefinition, person: Person, scenario: Scenario,
                 officer_language: str, rng: random.Random) -> None:
        self.form = form
        self.person = person
        self.scenario = scenario
        self.officer_language = officer_language
        self.rng = rng
        self.profile = {qid: name for name, qid in form.profile.items()}
        self.consent = {qid: name for name, qid in form.consent.items()}
        # stable random choices: the same walk gives the same neutral answers
        self.seed = rng.random()

    def answers(self, evidence: set[str]) -> dict[str, Any]:
        rng = random.Random(self.seed)  # noqa: S311 - made-up answers, not secrets
        answers: dict[str, Any] = {}
        urgent_given = False
        for question in self.form.questions():
            if not self.form.is_visible(question, answers):
                continue
            value = self._profile_or_consent(question)
            if value is None:
                value, urgent = self._choose(question, evidence, rng,
                                             self.scenario.urgent and not urgent_given)
                urgent_given = urgent_given or urgent
            if value is not None:
                answers[question.id] = value
        return answers

    def _profile_or_consent(self, q: Question) -> Any:
        p = self.person
        language = p.languages[0] if p.languages else self.officer_language
        interpreter = language != self.officer_language
        consent = {"interview": "yes", "record": "yes",
                   "share_for_referral": "yes" if self.scenario.share else "no",
                   "how": "guardian" if self.scenario.child else "verbal",
                   "interpreter_used": "yes" if interpreter else "no",
                   "interpreter_language": language}
        if q.id in self.consent:
            return consent.get(self.consent[q.id])
        field = self.profile.get(q.id)
        if field is None:
            return None
        if field == "birth":
            age = p.estimated_age if p.estimated_age is not None else 30
            return {"age": age, "certainty": CERTAINTY_VALUES[1 if self.scenario.child else 0]}
        values: dict[str, Any] = {
            "given_name": p.given_name or None, "family_name": p.family_name or None,
            "latin_name": p.latin_name or None, "gender": _gender_option(q, p.gender),
            "age_in_doubt": "no",
            "nationality": p.citizenship[0] if p.citizenship else None,      # form 1.0
            "citizenship": list(p.citizenship),                               # form 1.1
            "languages": list(p.languages) if q.multiple else language,
        }
        return values.get(field)

    def _choose(self, q: Question, evidence: set[str], rng: random.Random,
                want_urgent: bool) -> tuple[Any, bool]:
        """(value, raised the urgent flag) for a question outside profile and consent."""
        kind = q.type
        if kind in (QuestionType.YES_NO, QuestionType.SINGLE):
            options = list(q.options)
            urgent = [o for o in options if o.urgent]
            if urgent and want_urgent:
                return urgent[0].value, True
            wanted = [o for o in options if set(o.indicators) & evidence]
            if wanted:
                return wanted[0].value, False
            neutral = [o for o in options if not _has_evidence(o)]
            if kind is QuestionType.YES_NO:
                # an officer's own observation without evidence reads "yes" (a safe
                # place, rights explained); a question to the person "no"
                prefer = "yes" if q.audience == "officer" and not urgent else "no"
                picked = next((o for o in neutral if o.value == prefer), None)
                return (picked or neutral[0]).value if neutral else None, False
            usual = [o for o in neutral if o.value not in _RARE] or neutral
            return (rng.choice(usual).value if usual else None), False
        if kind is QuestionType.MULTIPLE:
            return self._multiple(q, evidence, rng), False
        if kind is QuestionType.LANGUAGE:
            languages = self.person.languages or [self.officer_language]
            return (list(languages) if q.multiple else languages[0]), False
        return None, False          # free text, numbers, dates, repeats: left empty

    def _multiple(self, q: Question, evidence: set[str], rng: random.Random) -> Any:
        options = [o for o in q.options if not o.exclusive]
        exploitation = [o for o in options if o.exploitation]
        if exploitation:            # the kind of work: it decides which sets count
            fitting = [o for o in exploitation
                       if o.exploitation == (self.scenario.exploitation,)]
            return [rng.choice(fitting or exploitation).value]
        chosen = [o.value for o in options if set(o.indicators) & evidence]
        neutral = [o for o in options if not _has_evidence(o)]
        if neutral:
            chosen += [o.value for o in rng.sample(neutral, min(len(neutral), 2))]
        if chosen:
            return list(dict.fromkeys(chosen))
        exclusive = next((o for o in q.options if o.exclusive and not _has_evidence(o)), None)
        return [exclusive.value] if exclusive is not None else None


def _dimension_refs(form: FormDefinition, scenario: Scenario, dimension: str) -> list[str]:
    """Evidence references of the form that count in `dimension` for the scenario's
    population and exploitation."""
    rules = load_rule_set(form.rule_set, form.rule_set_version)
    population = "child" if scenario.child else "adult"
    indicators: list[str] = list(get_indicator_set(
        rules.set_for(population, scenario.exploitation)).dimensions.get(dimension, []))
    out = []
    for ref in form.indicator_refs():
        dim, dot, ind = ref.rpartition(".")
        if (dim == dimension if dot else True) and ind in indicators:
            out.append(ref)
    return out


def interview_answers(form: FormDefinition, person: Person, scenario: Scenario,
                      rng: random.Random, officer_language: str = "en") -> dict[str, Any]:
    """Answers of a whole interview on `form` telling the scenario's story about
    `person`; the engine's outcome is `scenario.expected` (checked by the tests)."""
    walk = _Walk(form, person, scenario, officer_language, rng)
    evidence: set[str] = set()
    for dimension in scenario.positive:
        candidates = _dimension_refs(form, scenario, dimension)
        rng.shuffle(candidates)
        for ref in candidates:
            outcome = evaluate_interview(form, walk.answers(evidence))
            result = outcome.dimensions.get(dimension)
            if result is not None and result.positive:
                break
            evidence.add(ref)
    loose = [r for r in form.indicator_refs()
             if r.rpartition(".")[0] not in (*RECRUITMENT, "coercion_at_destination")]
    rng.shuffle(loose)
    evidence.update(loose[:scenario.loose])
    return walk.answers(evidence)


def stop_after(form: FormDefinition, answers: dict[str, Any], section: str) -> dict[str, Any]:
    """The answers up to and including `section`: an interview left half-way."""
    kept: dict[str, Any] = {}
    for s in form.sections:
        kept.update({q.id: answers[q.id] for q in s.questions if q.id in answers})
        if s.id == section:
            break
    return kept


__all__ = ["SCENARIO", "SCENARIOS", "Scenario", "interview_answers", "stop_after"]


def _gender_option(q: Question, gender: Any) -> str | None:
    """The option of the form's gender question that stands for `gender`: form 1.1
    offers HTCDS 2.0 values, form 1.0 the older ones (read as their 2.0 aliases)."""
    from screening_app.domain import Gender

    for option in q.options:
        try:
            if Gender(option.value) is gender:
                return str(option.value)
        except ValueError:
            continue
    return None
