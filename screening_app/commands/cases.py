"""`cases list [--search TEXT] [--json]`, `cases show ID [--json]`, `cases add --from FILE`,
`cases authority-decision ID --status S --by ORG --date D` (a formal identification)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from screening_app.commands.common import add_unlock_options, checked, open_session
from screening_app.domain import DecisionMakingOrg, validation
from screening_app.errors import Refused
from screening_app.i18n import _

# Only a competent authority's decision makes an actual victim, or not a victim.
FORMAL_STATUSES = tuple(s.value for s in validation.FORMAL_STATUSES)


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
    # Every value through the validation layer: a wrong one is a usage error.
    decided.add_argument("--status", required=True, metavar="|".join(FORMAL_STATUSES),
                         type=checked("--status", _authority("status")),
                         help=_("what the authority decided"))
    decided.add_argument("--by", required=True, dest="org", metavar="ORG",
                         type=checked("--by", _authority("decided_by")),
                         help=_("which kind of authority decided: {orgs}").format(
                             orgs=", ".join(o.value for o in DecisionMakingOrg)))
    decided.add_argument("--date", required=True, metavar="YYYY-MM-DD",
                         type=checked("--date", _authority("decided_on")),
                         help=_("the date of the decision"))
    decided.add_argument("--authority", metavar="NAME", default="",
                         type=checked("--authority", _authority("authority")),
                         help=_("the authority's name"))
    decided.add_argument("--reference", metavar="TEXT",
                         type=checked("--reference", _authority("reference")),
                         help=_("the number or file of the decision"))
    for parser in (listing, show, add, decided):
        add_unlock_options(parser)
    decided.set_defaults(handler=run_authority_decision)
    from screening_app.commands._duplicates import register_duplicates

    register_duplicates(actions)
    listing.set_defaults(handler=run_list)
    show.set_defaults(handler=run_show)
    add.set_defaults(handler=run_add)


def run_list(args: argparse.Namespace) -> int:
    from screening_app.output import dumps, visible

    with open_session(args) as session:
        if args.search:
            found = session.cases.search(args.search, limit=args.limit)
        else:
            found = session.cases.list(limit=args.limit)
    if args.json:
        print(dumps([c.to_dict() for c in found], indent=1))
        return 0
    for c in found:
        outcome = c.outcome.value if c.outcome else "-"
        name = c.display_name if c.display_name == c.latin_name or not c.latin_name \
            else f"{c.display_name} ({c.latin_name})"
        # one line per case, one field per column: tab and newline escaped too
        print("\t".join(visible(field) for field in (
            c.reference, c.status.value, outcome, c.updated_at.date().isoformat(), name)))
    if not found:
        print(_("No cases."))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from screening_app.output import dumps, visible

    with open_session(args) as session:
        case = session.cases.get(session.cases.id_of(args.case))
    if args.json:
        print(dumps(case.to_dict(), indent=1))
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
        print(f"{label}: {visible(value)}")
    return 0


def profile_from_json(doc: Any) -> tuple[Any, Any, dict[str, Any]]:
    """(Person, Consent, other case fields) of a `cases add` document, read by the
    validation layer: unknown keys, wrong types and wrong values are refused."""
    from screening_app.domain.validation import Invalid, read_profile
    from screening_app.errors import InvalidValue
    from screening_app.vocabulary import installed

    try:
        person, consent, extra = read_profile(doc, installed())
    except Invalid as invalid:
        raise InvalidValue(invalid.problem) from None
    if not (person.given_name or person.family_name or person.latin_name):
        raise Refused(_("The profile needs a name (given_name, family_name or latin_name). "
                        "Nothing was saved."))
    return person, consent, extra


def read_profile_file(path: Path) -> Any:
    """The JSON document of a profile file of at most PROFILE_MAX_BYTES; a larger
    file is refused before it is read into memory."""
    from screening_app.domain.validation import PROFILE_MAX_BYTES

    try:
        with path.open("rb") as handle:
            data = handle.read(PROFILE_MAX_BYTES + 1)
    except OSError:
        raise Refused(_("Cannot read the profile file. Nothing was saved.")) from None
    if len(data) > PROFILE_MAX_BYTES:
        raise Refused(_("The profile file is larger than {size} MB. Nothing was saved.").format(
            size=PROFILE_MAX_BYTES // (1024 * 1024)))
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        raise Refused(_("The profile file is not valid JSON (UTF-8). Nothing was saved.")
                      ) from None


def run_add(args: argparse.Namespace) -> int:
    person, consent, extra = profile_from_json(read_profile_file(args.source))
    with open_session(args) as session:
        case = session.cases.create(person, consent, **extra)
    print(case.id)
    return 0


def _authority(key: str) -> Any:
    def read(text: str, option: str) -> Any:
        from screening_app.vocabulary import installed

        return validation.read_authority_value(key, text, installed(), option)

    return read


def run_authority_decision(args: argparse.Namespace) -> int:
    from screening_app.domain import AuthorityDecision

    with open_session(args) as session:
        case = session.cases.get(session.cases.id_of(args.case))
        case.authority_decision = AuthorityDecision(
            status=args.status, decided_by=args.org, decided_on=args.date,
            authority=args.authority.strip(), reference=(args.reference or "").strip() or None,
            recorded_by=session.user.name)
        session.cases.update(case)      # checked again by the layer, with the whole case
    print(_("The authority's decision is recorded for case {ref}.").format(ref=case.reference))
    return 0
