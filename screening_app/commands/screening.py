"""Screening commands: forms list|check, score (the rules alone) and interview.

    screening-app forms list
    screening-app forms check [FILE]
    screening-app score --age N|unknown --exploitation labour|sexual|both \
                        --indicators ID,ID [--json]
    screening-app interview --answers FILE.json [--json]

The JSON shape is DESIGN.md's: {"outcome", "urgent", "indicator_set", "rule_set",
"dimensions": {dim: {"positive", "indicators", ...}}} plus the explanation fields of
Outcome.to_dict() and "explanation" (readable lines).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from screening_app.commands.common import checked
from screening_app.errors import Refused
from screening_app.i18n import _, ngettext


def register(sub: Any) -> None:
    forms = sub.add_parser("forms", help=_("list and check interview forms"))
    forms_sub = forms.add_subparsers(dest="forms_command", metavar="ACTION")
    p = forms_sub.add_parser("list", help=_("show each form's id, version and status"))
    p.set_defaults(handler=forms_list)
    p = forms_sub.add_parser("check", help=_("check forms, indicator sets and rule sets"))
    p.add_argument("file", nargs="?", type=Path, metavar="FILE",
                   help=_("one form, indicator set or rule set file (default: all of forms/)"))
    p.set_defaults(handler=forms_check)
    p = forms_sub.add_parser("sets", help=_("show the indicator sets, or one set in full"))
    p.add_argument("set_id", nargs="?", metavar="SET",
                   help=_("an indicator set id: print its indicators, strengths and sources"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=forms_sets)
    forms.set_defaults(handler=lambda args: forms.print_help() or 2)

    p = sub.add_parser("score", help=_("apply the screening rules to a list of indicator ids"))
    p.add_argument("--age", required=True, metavar="N|unknown", type=checked("--age", _age),
                   help=_("age in years, or unknown (the child set applies)"))
    p.add_argument("--age-in-doubt", action="store_true",
                   help=_("the age is in doubt (the child set applies)"))
    p.add_argument("--exploitation", required=True, choices=("labour", "sexual", "both"))
    p.add_argument("--indicators", default="", metavar="ID,ID,...",
                   help=_("indicator ids, or dimension_id.indicator_id, separated by commas"))
    p.add_argument("--rule-set", metavar="ID[@VERSION]", help=_("rule set (default: the newest)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=score)

    p = sub.add_parser("interview", help=_("score a complete interview from a JSON file"))
    p.add_argument("--answers", required=True, type=Path, metavar="FILE.json",
                   help=_("question id -> answer (see docs/forms.md)"))
    p.add_argument("--form", metavar="ID[@VERSION]",
                   help=_("form (default: identification, newest version)"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=_("the interview date (default: today)"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=interview)


def forms_list(args: argparse.Namespace) -> int:
    from screening_app.screening import check_forms, list_forms

    for form in list_forms():
        print(f"{form.id}\t{form.version}\t{form.status}\t{_(form.title)}")
    problems = check_forms()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def forms_sets(args: argparse.Namespace) -> int:
    from screening_app.screening import get_indicator_set, indicator_label, load_indicator_sets
    from screening_app.screening.explain import STRENGTH_TEXTS

    if args.set_id is None:
        sets = load_indicator_sets()
        if args.json:
            print(json.dumps({k: {"version": s.version, "status": s.status, "title": s.title}
                              for k, s in sets.items()}, ensure_ascii=False, indent=2))
        for s in sets.values() if not args.json else ():
            print(f"{s.id}\t{s.version}\t{s.status}\t{_(s.title)}")
        return 0
    s = get_indicator_set(args.set_id)
    if args.json:
        print(json.dumps(s.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{s.id} {s.version} ({s.status}): {_(s.title)}")
    print(_("Source: {source}").format(source=s.source))
    for dim, inds in s.dimensions.items():
        print(f"{dim}")
        for ind, strength in inds.items():
            print(f"  {dim}.{ind}\t{_(STRENGTH_TEXTS[strength])}\t{_(indicator_label(ind))}"
                  f"\t[{s.strength_source(dim, ind)}]")
    return 0


def forms_check(args: argparse.Namespace) -> int:
    from screening_app.screening import check_forms, list_forms, list_rule_sets
    from screening_app.screening.files import FormError, read_yaml
    from screening_app.screening.indicators import load_indicator_sets, parse_indicator_set
    from screening_app.screening.rules import parse_rule_set

    if args.file is None:
        problems = check_forms()
        if not problems:
            print(_("All is well: {forms} forms, {sets} indicator sets, {rules} rule sets.").format(
                forms=len(list_forms()), sets=len(load_indicator_sets()),
                rules=len(list_rule_sets())))
    else:
        from screening_app.screening import load_form_file

        problems = []
        try:
            data = read_yaml(args.file)
            kind = data.get("kind")
            if kind == "indicator_set":
                parse_indicator_set(data, args.file)
            elif kind == "rule_set":
                parse_rule_set(data, args.file)
            elif kind == "labels":
                pass
            else:
                load_form_file(args.file)
        except FormError as err:
            problems = err.problems
        if not problems:
            print(_("{file}: all is well.").format(file=args.file))
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _rule_set(spec: str | None) -> Any:
    from screening_app.screening import load_rule_set

    if spec is None:
        return None
    rid, _sep, version = spec.partition("@")
    return load_rule_set(rid, version or None)


def _print(outcome: Any, as_json: bool) -> None:
    from screening_app.screening import explain

    if as_json:
        data = outcome.to_dict()
        data["explanation"] = explain(outcome)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(explain(outcome)))


def _age(text: str, option: str) -> int | None:
    """--age: 0 to 120 (the validation layer's range), or unknown."""
    from screening_app.domain.validation import read_age

    return None if text == "unknown" else read_age(text, option)


def score(args: argparse.Namespace) -> int:
    from screening_app.screening import score_indicators

    age: int | None = args.age
    refs = [r.strip() for r in args.indicators.split(",") if r.strip()]
    outcome = score_indicators(age, args.exploitation, refs, _rule_set(args.rule_set),
                               age_in_doubt=args.age_in_doubt)
    _print(outcome, args.json)
    return 0


def _read_answers(path: Path) -> tuple[dict[str, Any], str | None, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise Refused(_("Cannot read the answers file.")) from None
    except json.JSONDecodeError as err:
        raise Refused(_("The answers file is not valid JSON (line {line}).").format(
            line=err.lineno)) from None
    if not isinstance(data, dict):
        raise Refused(_("The answers file must hold a JSON object."))
    if isinstance(data.get("answers"), dict):
        form = data.get("form")
        version = data.get("form_version")
        return data["answers"], (str(form) if form else None), (str(version) if version else None)
    return data, None, None


def interview(args: argparse.Namespace) -> int:
    from screening_app.screening import evaluate_interview, load_form

    answers, form_id, version = _read_answers(args.answers)
    if args.form:
        form_id, _sep, v = args.form.partition("@")
        version = v or None
    form = load_form(form_id or "identification", version)
    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        raise Refused(_("--today must be a date like 2026-03-15.")) from None
    problems = form.validate_answers(answers, today)
    if problems:
        # Question ids and messages only: never echo an answer (personal data).
        for qid, messages in problems.items():
            for message in messages:
                print(_("Question {id}: {message}").format(id=qid, message=message),
                      file=sys.stderr)
        raise Refused(ngettext("The answers were not scored: {n} answer has problems.",
                               "The answers were not scored: {n} answers have problems.",
                               len(problems)).format(n=len(problems)))
    _print(evaluate_interview(form, answers, today), args.json)
    return 0
