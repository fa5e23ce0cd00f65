"""Profile and consent answers → the case's Person and Consent, the same way for the
GUI and the CLI. Which question fills which field is part of the form (`profile:`
and `consent:` blocks), so a national form can use its own question ids."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from screening_app.domain import Consent, ConsentMethod, Gender, Person

if TYPE_CHECKING:
    from screening_app.screening.forms import FormDefinition


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _yes(value: Any) -> bool:
    return value == "yes" or value is True


def _reader(mapping: dict[str, str], answers: dict[str, Any]) -> Callable[[str], Any]:
    """field name -> the answer of the question the form maps it to (None if none)."""

    def get(field: str) -> Any:
        qid = mapping.get(field)
        return None if qid is None else answers.get(qid)

    return get


def person_from_answers(form: FormDefinition, answers: dict[str, Any]) -> Person:
    """The Person the profile answers describe (unanswered fields stay empty)."""
    get = _reader(form.profile, answers)

    person = Person(
        given_name=_text(get("given_name")),
        family_name=_text(get("family_name")),
        latin_name=_text(get("latin_name")),
        phone=_text(get("phone")) or None,
    )
    gender = get("gender")
    if isinstance(gender, str) and gender:
        from screening_app.screening.htcds_map import option_value

        # the form's HTCDS mapping says which 2.0 value an option is; else the value itself
        # (2.0 values, and the older ones as aliases)
        said = option_value(form, form.profile["gender"], gender, "prs_Gender")
        with contextlib.suppress(ValueError):
            person.gender = Gender(said or gender)
    citizenship = get("citizenship") if "citizenship" in form.profile else get("nationality")
    if isinstance(citizenship, str):
        citizenship = [citizenship]
    if isinstance(citizenship, list):
        person.citizenship = list(dict.fromkeys(c for c in citizenship if isinstance(c, str) and c))
    languages = get("languages")
    if isinstance(languages, str):
        languages = [languages]
    if isinstance(languages, list):
        person.languages = [lang for lang in languages if isinstance(lang, str)]
    birth = get("birth")
    if isinstance(birth, dict):
        if isinstance(birth.get("date"), str):
            try:
                person.birth_date = date.fromisoformat(birth["date"])
            except ValueError:
                person.birth_date = None
        age = birth.get("age")
        if isinstance(age, int) and not isinstance(age, bool):
            person.estimated_age = age
        person.age_in_doubt = birth.get("certainty") == "not_sure"
    if _yes(get("age_in_doubt")):
        person.age_in_doubt = True
    return person


def consent_from_answers(form: FormDefinition, answers: dict[str, Any]) -> Consent:
    """The three separate consents, how they were given and the interpreter."""
    get = _reader(form.consent, answers)

    consent = Consent(
        interview=_yes(get("interview")),
        record=_yes(get("record")),
        share_for_referral=_yes(get("share_for_referral")),
        interpreter_used=_yes(get("interpreter_used")),
    )
    how = get("how")
    if isinstance(how, str) and how in {c.value for c in ConsentMethod}:
        consent.how = ConsentMethod(how)
    lang = get("interpreter_language")
    if consent.interpreter_used and isinstance(lang, str) and lang:
        consent.interpreter_language = lang
    return consent


def profile_from_answers(answers: dict[str, Any], form: FormDefinition | None = None
                         ) -> tuple[Person, Consent]:
    """(Person, Consent) from the answers of `form` (default: the newest identification form)."""
    if form is None:
        from screening_app.screening.forms import load_form

        form = load_form("identification")
    return person_from_answers(form, answers), consent_from_answers(form, answers)
