"""`cases list [--search TEXT] [--json]`, `cases show ID [--json]`, `cases add --from FILE`,
`cases authority-decision ID --status S --by ORG --date D` (a formal identification)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

from screening_app.commands.common import add_unlock_options, open_session
from screening_app.domain import DecisionMakingOrg, TraffickingStatus
from screening_app.errors import Refused
from screening_app.i18n import _

# Only a competent authority's decision makes an actual victim, or not a victim.
FORMAL_STATUSES = (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM)

PERSON_KEYS = ("given_name", "family_name", "latin_name", "gender", "citizenship",
               "nationality", "birth_date", "estimated_age", "age_in_doubt", "languages",
               "phone", "address")     # nationality: one code, before HTCDS 2.0
CONSENT_KEYS = ("interview", "record", "share_for_referral", "how", "interpreter_used",
                "interpreter_language", "lawful_exception")
CASE_KEYS = ("consent", "form_id", "form_version", "officer_language", "interviewee_language",
             "note")


def register(sub: argparse._SubParsersAction) -> None:
    cases = sub.add_parser("cases", help=_("list, show and add cases"))
    actions = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list cases, newest first"))
    listing.add_argument("--search", metavar="TEXT",
                         help=_("part of a name (any script) or a case reference"))
    listing.add_argument("--limit", type=int, default=100, metavar="N")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help=_("show one case"))
    show.add_argument("case", metavar="ID", help=_("case id or reference"))
    show.add_argument("--json", action="store_true")
    add = actions.add_parser("add", help=_("create a case from a profile in JSON; prints its id"))
    add.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE.json")
    decided = actions.add_parser(
        "authority-decision",
        help=_("record a competent authority's formal decision on whether the person is a "
               "victim of trafficking (a screening is not one)"))
    decided.add_argument("case", metavar="ID", help=_("case id or reference"))
    decided.add_argument("--status", required=True,
                         choices=[s.value for s in FORMAL_STATUSES],
                         help=_("what the authority decided"))
    decided.add_argument("--by", required=True, dest="org",
                         choices=[o.value for o in DecisionMakingOrg],
                         help=_("which kind of authority decided"))
    decided.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                         help=_("the date of the decision"))
    decided.add_argument("--authority", metavar="NAME", default="",
                         help=_("the authority's name"))
    decided.add_argument("--reference", metavar="TEXT",
                         help=_("the number or file of the decision"))
    for parser in (listing, show, add, decided):
        add_unlock_options(parser)
    decided.set_defaults(handler=run_authority_decision)
    listing.set_defaults(handler=run_list)
    show.set_defaults(handler=run_show)
    add.set_defaults(handler=run_add)


def run_list(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.search:
            found = session.cases.search(args.search, limit=args.limit)
        else:
            found = session.cases.list(limit=args.limit)
    if args.json:
        print(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=1))
        return 0
    for c in found:
        outcome = c.outcome.value if c.outcome else "-"
        name = c.display_name if c.display_name == c.latin_name or not c.latin_name \
            else f"{c.display_name} ({c.latin_name})"
        print("\t".join((c.reference, c.status.value, outcome,
                         c.updated_at.date().isoformat(), name)))
    if not found:
        print(_("No cases."))
    return 0


def run_show(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        case = session.cases.get(session.cases.id_of(args.case))
    if args.json:
        print(json.dumps(case.to_dict(), ensure_ascii=False, indent=1))
        return 0
    p = case.person
    rows = [
        (_("Reference"), case.reference), (_("Id"), case.id),
        (_("Name"), p.display_name), (_("Latin name"), p.latin_name),
        (_("Gender"), p.gender.value),
        (_("Citizenship"), ", ".join(p.citizenship) or "-"),
        (_("Status"), case.status.value),
        (_("Outcome"), case.outcome.kind.value if case.outcome else "-"),
        (_("Formal identification"), "-" if case.authority_decision is None else
         f"{case.authority_decision.status.value} ({case.authority_decision.decided_by.value}, "
         f"{case.authority_decision.decided_on.isoformat()})"),
        (_("Answers"), str(len(case.answers))),
        (_("Created"), f"{case.created_at.isoformat(timespec='minutes')} {case.created_by}"),
        (_("Updated"), case.updated_at.isoformat(timespec="minutes")),
    ]
    for label, value in rows:
        print(f"{label}: {value}")
    return 0


def _strict(doc: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in doc:
        if key not in allowed:
            raise Refused(_("Unknown key '{key}' in {where}. Nothing was created.").format(
                key=key, where=where))


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _checks(person: dict[str, Any], consent: dict[str, Any]) -> list[tuple[str, bool]]:
    from screening_app.domain import ConsentMethod, Gender
    from screening_app.domain.models import GENDER_ALIASES
    from screening_app.screening.places import is_country
    from screening_app.standards.htcds import e164

    def text(value: Any) -> bool:
        return value is None or isinstance(value, str)

    citizenship = person.get("citizenship", [])
    phone = person.get("phone")

    age = person.get("estimated_age")
    return [
        *((k, text(person.get(k))) for k in ("given_name", "family_name", "latin_name",
                                              "address")),
        ("gender", person.get("gender") in (None, *(g.value for g in Gender), *GENDER_ALIASES)),
        ("citizenship", isinstance(citizenship, list) and all(is_country(c) for c in citizenship)
         and not ("citizenship" in person and "nationality" in person)),
        ("nationality", person.get("nationality") is None or is_country(person["nationality"])),
        ("phone", phone is None or (isinstance(phone, str) and e164(phone) is not None)),
        ("birth_date", person.get("birth_date") is None or _is_date(person["birth_date"])),
        ("estimated_age", age is None or (type(age) is int and 0 <= age < 130)),
        ("age_in_doubt", isinstance(person.get("age_in_doubt", False), bool)),
        ("languages", isinstance(person.get("languages", []), list)
         and all(isinstance(x, str) for x in person.get("languages", []))),
        *((f"consent.{k}", isinstance(consent.get(k, False), bool))
          for k in ("interview", "record", "share_for_referral", "interpreter_used")),
        ("consent.how", consent.get("how", "verbal") in [m.value for m in ConsentMethod]),
    ]


def _hint(key: str) -> str:
    """What is valid, for the closed lists and formats HTCDS 2.0 prescribes."""
    from screening_app.domain import Gender

    if key == "gender":
        return " " + _("Use one of: {values}.").format(values=", ".join(g.value for g in Gender))
    if key in ("citizenship", "nationality"):
        return " " + _("Use ISO 3166 country codes such as KH (citizenship takes a list; "
                       "give citizenship or nationality, not both).")
    if key == "phone":
        return " " + _("Write the number in international form with its country code "
                       "(E.164), e.g. +855 12 345 678.")
    return ""


def profile_from_json(doc: Any) -> tuple[Any, Any, dict[str, Any]]:
    """(Person, Consent, other case fields) from a `cases add` document; strict keys."""
    from screening_app.domain import Consent, Person

    if not isinstance(doc, dict):
        raise Refused(_("The profile file must hold one JSON object. Nothing was created."))
    _strict(doc, PERSON_KEYS + CASE_KEYS, _("the profile"))
    consent_doc = doc.get("consent") or {}
    if not isinstance(consent_doc, dict):
        raise Refused(_("'consent' must be a JSON object. Nothing was created."))
    _strict(consent_doc, CONSENT_KEYS, "consent")
    person_doc = {k: doc[k] for k in PERSON_KEYS if k in doc}
    for key, valid in _checks(person_doc, consent_doc):
        if not valid:
            raise Refused(_("The value of '{key}' in the profile is not valid. Nothing was "
                            "created.").format(key=key) + _hint(key))
    person = Person.from_dict(person_doc)
    if person.phone:
        from screening_app.standards.htcds import e164

        person.phone = e164(person.phone)     # E.164, as HTCDS writes it
    consent = Consent.from_dict(consent_doc)
    if not (person.given_name or person.family_name or person.latin_name):
        raise Refused(_("The profile needs a name (given_name, family_name or latin_name). "
                        "Nothing was created."))
    extra = {k: doc[k] for k in CASE_KEYS if k in doc and k != "consent"}
    return person, consent, extra


def run_add(args: argparse.Namespace) -> int:
    try:
        doc = json.loads(args.source.read_text(encoding="utf-8"))
    except OSError:
        raise Refused(_("Cannot read the profile file. Nothing was created.")) from None
    except ValueError:
        raise Refused(_("The profile file is not valid JSON. Nothing was created.")) from None
    person, consent, extra = profile_from_json(doc)
    with open_session(args) as session:
        note = extra.pop("note", None)
        case = session.cases.create(person, consent, **extra)
        if note:
            case.note = str(note)
            session.cases.update(case)
    print(case.id)
    return 0


def run_authority_decision(args: argparse.Namespace) -> int:
    from screening_app.domain import AuthorityDecision

    try:
        decided_on = date.fromisoformat(args.date)
    except ValueError:
        raise Refused(_("The date must be written YYYY-MM-DD. Nothing was recorded.")) from None
    if decided_on > date.today():
        raise Refused(_("The date of the decision is in the future. Nothing was recorded."))
    with open_session(args) as session:
        case = session.cases.get(session.cases.id_of(args.case))
        case.authority_decision = AuthorityDecision(
            status=TraffickingStatus(args.status), decided_by=DecisionMakingOrg(args.org),
            decided_on=decided_on, authority=args.authority.strip(),
            reference=(args.reference or "").strip() or None,
            recorded_by=session.user.name)
        session.cases.update(case)
    print(_("The authority's decision is recorded for case {ref}.").format(ref=case.reference))
    return 0
