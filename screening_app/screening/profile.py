"""Profile and consent answers → the case's Person and Consent, the same way for the
GUI and the CLI. Which question fills which field is part of the form (`profile:`
and `consent:` blocks), so a national form can use its own question ids.
(`form_files.profile_from_answers` does both with the newest identification form.)"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any, Protocol

from screening_app.domain import Consent, ConsentMethod, Gender, Person
from screening_app.screening.htcds_map import option_value


class MapsProfile(Protocol):
    """A form's `profile:` block (Person field -> question id) and the file whose
    HTCDS mapping says which 2.0 gender an option is; a FormDefinition has both."""

    @property
    def profile(self) -> dict[str, str]: ...

    @property
    def file(self) -> str: ...


class MapsConsent(Protocol):
    """A form's `consent:` block (Consent field -> question id)."""

    @property
    def consent(self) -> dict[str, str]: ...


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


def person_from_answers(form: MapsProfile, answers: dict[str, Any]) -> Person:
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


def consent_from_answers(form: MapsConsent, answers: dict[str, Any]) -> Consent:
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

