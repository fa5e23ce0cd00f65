"""Property-based tests (Hypothesis) of the validation layer at its two doors:
the profile JSON of `cases add` and the content of a packet. Every generated
document is either accepted and read back equal, or refused with one clear line
(exit 1) and the database unchanged (integrity check and row counts; for the
command line the file's bytes). Never an unexpected error.

860 examples in `make test`: about 20 s on the 2-core machine, 30 s when it is
shared. SCREENING_APP_PROPERTY_SCALE=10 runs ten times as many (for a deeper look).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from exchange_installations import make_pair
from exchange_parties import Party
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from validation_cli import run_cli

from screening_app.commands.cases import profile_from_json
from screening_app.domain import Consent, Gender, Person
from screening_app.domain.models import GENDER_ALIASES
from screening_app.domain.phones import e164
from screening_app.errors import InvalidValue, Refused
from screening_app.exchange import htcds
from screening_app.exchange.canonical import canonical_bytes
from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketKind, PacketRefused, build_packet
from screening_app.i18n import LANGUAGES

SCALE = int(os.environ.get("SCREENING_APP_PROPERTY_SCALE", "1"))
SAMPLES = ["Sok", "ស្រីមុំ", "王小明", "Nguyễn Thị Đào", "အောင်ကျော်", "", " ", "\u3000\u200b",
           "\u202eX", "a\x1b[2J", "b\x00", "\ud800", "c\x9b", "tab\there", "line\nbreak",
           "x" * 200, "y" * 201]
TEXTS = st.one_of(st.text(max_size=12), st.sampled_from(SAMPLES),
                  st.text(st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Mn", "Lo")),
                          max_size=6))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=True, allow_infinity=True), TEXTS)
ANY = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                   | st.dictionaries(TEXTS, inner, max_size=3), max_leaves=6)


# Values the layer must accept, in every script the program serves.
WORDS = st.text(st.characters(categories=("L", "Mn", "Nd")) | st.sampled_from(" -'."),
                max_size=30).filter(lambda s: s.strip() == s and (not s or s.strip()))
NOTES = st.text(st.characters(categories=("L", "N", "P", "Zs")) | st.sampled_from("\n\t"),
                max_size=80)
OK_PERSON = {
    "given_name": WORDS, "family_name": WORDS, "latin_name": WORDS,
    # HTCDS 2.0 values and the names written before 2.0 (read as 2.0 values)
    "gender": st.sampled_from([*(g.value for g in Gender), *GENDER_ALIASES]),
    "citizenship": st.lists(st.sampled_from(["KH", "TH", "VN", "LA", "MM", "CN", "PH", "XK"]),
                            max_size=3, unique=True),
    "birth_date": st.none() | st.dates(date(1900, 1, 1), date.today()).map(date.isoformat),
    "estimated_age": st.none() | st.integers(0, 120),
    "age_in_doubt": st.booleans(),
    "languages": st.lists(st.sampled_from([*LANGUAGES, "fil", "shn", "kar"]), max_size=3),
    "phone": st.none() | st.from_regex(r"\+[1-9]( ?[0-9]){1,13}", fullmatch=True),
    "address": st.none() | WORDS,
}
OK_CASE = {
    "consent": st.fixed_dictionaries({}, optional={
        "interview": st.booleans(), "record": st.booleans(),
        "share_for_referral": st.booleans(), "interpreter_used": st.booleans(),
        "how": st.sampled_from(["verbal", "written", "guardian"]),
        "interpreter_language": st.none() | st.sampled_from(LANGUAGES),
        "lawful_exception": st.none() | WORDS}),
    "officer_language": st.sampled_from(LANGUAGES),
    "interviewee_language": st.none() | st.sampled_from(LANGUAGES),
    "note": NOTES,
}


def usually(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly plausible values, sometimes anything at all."""
    return st.one_of(good, good, good, ANY)


DATES = st.dates(date(1850, 1, 1), date(2100, 1, 1)).map(date.isoformat) | st.sampled_from(
    ["2020-13-45", "20000101", "2000-02-30", "yesterday"])
LANGUAGE_CODES = st.sampled_from([*LANGUAGES, "xx", "klingon", "KM"])
PERSON = {
    "given_name": usually(TEXTS), "family_name": usually(TEXTS), "latin_name": usually(TEXTS),
    "gender": usually(st.sampled_from([*(g.value for g in Gender), "Male", "Robot", None])),
    "nationality": usually(st.sampled_from(["KH", "TH", "VN", "LA", "MM", "CN", "PH", "XY",
                                            "kh", "", None])),
    "citizenship": usually(st.lists(st.sampled_from(["KH", "TH", "XY", "kh", ""]),
                                    max_size=3)),
    "birth_date": usually(st.none() | DATES),
    "estimated_age": usually(st.none() | st.integers(-5, 130)),
    "age_in_doubt": usually(st.booleans()),
    "languages": usually(st.lists(LANGUAGE_CODES, max_size=4)),
    "phone": usually(st.none() | TEXTS), "address": usually(st.none() | TEXTS),
}
CONSENT = st.fixed_dictionaries({}, optional={
    "interview": usually(st.booleans()), "record": usually(st.booleans()),
    "share_for_referral": usually(st.booleans()), "interpreter_used": usually(st.booleans()),
    "how": usually(st.sampled_from(["verbal", "written", "guardian", "telepathy"])),
    "interpreter_language": usually(st.none() | LANGUAGE_CODES),
    "lawful_exception": usually(st.none() | TEXTS)})
CASE = {
    "consent": usually(CONSENT),
    "officer_language": usually(LANGUAGE_CODES),
    "interviewee_language": usually(st.none() | LANGUAGE_CODES),
    "note": usually(TEXTS),
}
FORMS = st.sampled_from([{}, {"form_id": "identification", "form_version": "1.0"},
                         {"form_id": "identification", "form_version": "9.9"},
                         {"form_id": "identification"}, {"form_id": "elsewhere",
                                                         "form_version": "1.0"}])
VALID = st.builds(lambda base, form: {"latin_name": "Sok Dara", **base, **form},
                  st.fixed_dictionaries({}, optional={**OK_PERSON, **OK_CASE}),
                  st.sampled_from([{}, {"form_id": "identification", "form_version": "1.0"}]))
ONE_WRONG = st.builds(lambda doc, key, value: {**doc, key: value}, VALID,
                      st.sampled_from([*PERSON, *CASE]), ANY | st.sampled_from(SAMPLES))
PROFILES = st.one_of(
    VALID, VALID, ONE_WRONG,
    st.builds(lambda base, form, extra: {**base, **form, **extra},
              st.fixed_dictionaries({}, optional={**PERSON, **CASE}), FORMS,
              st.dictionaries(TEXTS, ANY, max_size=1) | st.just({})),
    st.builds(lambda base: {**base, "latin_name": "Sok Dara"},
              st.fixed_dictionaries({}, optional={**PERSON, **CASE})),
    ANY)


def expected(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """What a case made from `doc` must read back as."""
    person = Person().to_dict()
    person.update({k: v for k, v in doc.items() if k in person})
    for key in ("given_name", "family_name", "latin_name"):
        person[key] = person[key] or ""
    person["gender"] = Gender(person["gender"] or Gender.NOT_SPECIFIED).value   # 2.0 value
    if "nationality" in doc:                # one code, before HTCDS 2.0
        person["citizenship"] = [doc["nationality"]] if doc["nationality"] else []
    person["phone"] = e164(person["phone"])
    consent = Consent().to_dict()
    consent.update(doc.get("consent") or {})
    case = {"form_id": doc.get("form_id"), "form_version": doc.get("form_version"),
            "officer_language": doc.get("officer_language", "en"),
            "interviewee_language": doc.get("interviewee_language"),
            "note": doc.get("note", "")}
    return person, consent, case


def db_state(session: Any) -> tuple[Any, ...]:
    db = session.database
    tables = [r[0] for r in db.query("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                     "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    counts = tuple(db.query(f"SELECT count(*) FROM \"{t}\"")[0][0] for t in tables)
    return tuple(r[0] for r in db.query("PRAGMA integrity_check")), counts


def _clear_refusal(message: str) -> None:
    assert message and "\n" not in message.strip(), message
    assert "Nothing was" in message or "nothing was" in message, message


@settings(max_examples=600 * SCALE, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=PROFILES)
def test_profiles_are_stored_as_given_or_refused_clearly(session, doc: Any) -> None:
    before = db_state(session)
    try:
        person, consent, extra = profile_from_json(doc)
        case = session.cases.create(person, consent, **extra)
    except Refused as refused:
        event("refused")
        _clear_refusal(refused.message)
        assert db_state(session) == before
        return
    event("stored")
    stored = session.cases.get(case.id)
    want_person, want_consent, want_case = expected(doc)
    assert stored.person.to_dict() == want_person
    assert stored.consent.to_dict() == want_consent
    assert {k: getattr(stored, k) for k in want_case} == want_case


@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=PROFILES)
def test_cases_add_on_the_command_line(data_dir_factory, tmp_path: Path, doc: Any) -> None:
    # function-scoped fixtures are made once for all examples of a test
    made = _MADE.get(id(data_dir_factory)) or _MADE.setdefault(id(data_dir_factory),
                                                                data_dir_factory())
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(doc), encoding="utf-8")
    db_files = sorted(made.path.glob("cases.db*"))
    before = [hashlib.sha256(p.read_bytes()).hexdigest() for p in db_files]
    ran = run_cli("cases", "add", "--from", profile, "--data-dir", made.path, "--user",
                  "officer", passphrase=made.passphrases["officer"])
    event(f"exit {ran.returncode}")
    if ran.returncode == 1:
        ran.refused()
        assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in db_files] == before
        return
    assert ran.returncode == 0, ran.stderr
    shown = run_cli("cases", "show", ran.stdout.strip(), "--json", "--data-dir", made.path,
                    "--user", "officer", passphrase=made.passphrases["officer"])
    stored = json.loads(shown.stdout)
    want_person, want_consent, _case = expected(doc)
    assert stored["person"] == want_person and stored["consent"] == want_consent


_MADE: dict[int, Any] = {}


# --- packets -----------------------------------------------------------------------
# A version 2 case.json: HTCDS 2.0 person fields in "htcds", the rest of the person,
# the consent and the case in the extension.
HTCDS_KEYS = ["prs_FirstName", "prs_SecondName", "prs_Gender", "prs_Birthdate",
              "prs_Citizenship", "prs_MobilePhone"]
EXTRA_KEYS = ["latin_name", "estimated_age", "age_in_doubt", "languages", "address",
              "citizenship_other", "phone_other"]
TOP_KEYS = ["reference", "created_at", "updated_at", "htcds_events", "htcds_organisations"]
EXTENSION_KEYS = ["note", "officer_language", "interviewee_language", "answers", "draft",
                  "form", "consent", "outcomes", "decision", "person", "authority_decision"]
# domain Person field -> where a version 2 case.json holds it
IN_PACKET = {"given_name": ("htcds", "prs_FirstName"), "family_name": ("htcds", "prs_SecondName"),
             "gender": ("htcds", "prs_Gender"), "birth_date": ("htcds", "prs_Birthdate"),
             **{k: ("person", k) for k in ("latin_name", "estimated_age", "age_in_doubt",
                                           "languages", "address")}}


def _base_case() -> Any:
    from test_validation_packets import a_case

    return a_case()


OK_VALUES = st.one_of(
    st.tuples(st.just("htcds"), st.just("prs_FirstName"), OK_PERSON["given_name"]),
    st.tuples(st.just("htcds"), st.just("prs_SecondName"), OK_PERSON["family_name"]),
    st.tuples(st.just("htcds"), st.just("prs_Gender"), st.sampled_from([g.value
                                                                         for g in Gender])),
    st.tuples(st.just("htcds"), st.just("prs_Birthdate"), OK_PERSON["birth_date"]),
    st.tuples(st.just("htcds"), st.just("prs_Citizenship"),
              st.lists(st.sampled_from(["KH", "TH", "VN"]), max_size=2, unique=True)),
    st.tuples(st.just("htcds"), st.just("prs_MobilePhone"), st.sampled_from(["+85512345678"])),
    *(st.tuples(st.just("person"), st.just(k), OK_PERSON[k])
      for k in ("latin_name", "estimated_age", "age_in_doubt", "languages", "address")))
MUTATIONS = st.lists(st.one_of(
    OK_VALUES, OK_VALUES, OK_VALUES,
    st.tuples(st.just("htcds"), st.sampled_from(HTCDS_KEYS), ANY),
    st.tuples(st.just("person"), st.sampled_from(EXTRA_KEYS), ANY),
    st.tuples(st.just("person"), st.sampled_from(EXTRA_KEYS), st.sampled_from(SAMPLES)),
    st.tuples(st.just("consent"), st.sampled_from(["how", "interpreter_language",
                                                   "lawful_exception", "interview"]), ANY),
    st.tuples(st.just("top"), st.sampled_from(TOP_KEYS), ANY),
    st.tuples(st.just("extension"), st.sampled_from(EXTENSION_KEYS), ANY),
    st.tuples(st.just("answer"), TEXTS, ANY)), max_size=3)


def _part(doc: dict[str, Any], where: str) -> Any:
    ext = doc.get(htcds.EXTENSION)
    ext = ext if isinstance(ext, dict) else {}
    return {"htcds": doc.get("htcds"), "person": ext.get("person"), "consent": ext.get("consent"),
            "answer": ext.get("answers"), "extension": ext, "top": doc}[where]


def _mutate(doc: dict[str, Any], mutations: Any) -> None:
    for where, key, value in mutations:
        inner = _part(doc, where)
        if not isinstance(inner, dict):
            continue                    # an earlier mutation replaced the whole part
        if where == "answer":
            inner[key] = {"question_id": key, "value": value,
                          "answered_at": "2026-11-20T10:00:00+00:00",
                          "answered_by": "officer1"}
        elif where == "htcds" and value is None:
            inner.pop(key, None)        # an HTCDS row leaves an empty field out
        else:
            inner[key] = value


@settings(max_examples=200 * SCALE, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=MUTATIONS)
def test_packet_content_is_imported_as_sent_or_held_or_refused(exchange: Any,
                                                               mutations: Any) -> None:
    police, shelter, sender, card, session = exchange
    case = _base_case()
    doc = htcds.case_to_packet(case, referring=police.agency_id, referred=shelter.agency_id,
                               referral_date=date(2026, 11, 22))
    _mutate(doc, mutations)
    try:
        content = canonical_bytes(doc)
    except (ValueError, TypeError, UnicodeEncodeError):
        return           # not even a JSON document a sender could build
    data = build_packet(kind=PacketKind.REFERRAL, identity=sender.identity,
                        sender_agency=sender.agency.id, recipient=card,
                        content={"case.json": content}, case_id=case.id, case_revision=1,
                        form={"id": "identification", "version": "1.0"}).data
    before = db_state(session)
    cases_before = before[1]
    try:
        result = Importer(session).import_packet(data)
    except (PacketRefused, InvalidValue) as refused:
        event("refused")
        _clear_refusal(refused.message)
        after = db_state(session)
        assert after[0] == before[0]
        return
    event(result.status)
    if result.status == "quarantined-invalid":
        assert result.problem is not None and result.problem.field in result.describe()
        assert not session.cases.exists(case.id)
        return
    assert result.status == "imported", result.status
    stored = session.cases.get(case.id).person
    got = stored.to_dict()
    for domain_key, (where, packet_key) in IN_PACKET.items():
        sent = doc["htcds"].get(packet_key) if where == "htcds" else _part(doc, where)[packet_key]
        assert got[domain_key] == sent or (sent is None and got[domain_key] in (
            "", Gender.NOT_SPECIFIED.value)), domain_key
    person = _part(doc, "person")
    assert stored.citizenship == [*doc["htcds"].get("prs_Citizenship", []),
                                  *person["citizenship_other"]]
    assert stored.phone == (doc["htcds"].get("prs_MobilePhone") or person["phone_other"])
    assert cases_before != db_state(session)[1]


@pytest.fixture
def exchange(data_dir_factory: Any) -> Any:
    """Two installations that know each other; the shelter's session stays open."""
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        directory = AgencyDirectory(session)
        sender = Party(directory.own_agency(), directory.identity(), directory.own_card())
    with shelter.open() as session:
        card = AgencyDirectory(session).own_card()
    opened = shelter.open()
    yield police, shelter, sender, card, opened
    opened.close()
