"""`cases duplicates [ID] [--json] [--min-score X] [--link OTHER | --different OTHER]`
(registered by commands/cases.py): candidate pairs with score and reasons."""

from __future__ import annotations

import argparse
import json
from typing import Any

from screening_app.commands.common import add_unlock_options, open_session
from screening_app.errors import Refused
from screening_app.i18n import _


def register_duplicates(actions: Any) -> None:
    dup = actions.add_parser("duplicates", help=_("cases that may be the same person "
                                                  "(for supervisors)"))
    dup.add_argument("case", nargs="?", metavar="ID",
                     help=_("one case (id or reference): its candidates, with reasons"))
    dup.add_argument("--min-score", type=float, default=None, metavar="X",
                     help=_("lowest score shown, 0 to 1 (default: the matcher's threshold)"))
    dup.add_argument("--json", action="store_true")
    decide = dup.add_mutually_exclusive_group()
    decide.add_argument("--link", metavar="OTHER",
                        help=_("record that ID and OTHER are the same person (both kept)"))
    decide.add_argument("--different", metavar="OTHER",
                        help=_("record that ID and OTHER are different people"))
    add_unlock_options(dup)
    dup.set_defaults(handler=run_duplicates)


def _min_score(args: argparse.Namespace) -> float:
    from screening_app.matching import DEFAULT_THRESHOLD

    if args.min_score is None:
        return DEFAULT_THRESHOLD
    if not 0 <= args.min_score <= 1:
        raise Refused(_("--min-score must be between 0 and 1."))
    return float(args.min_score)


def run_duplicates(args: argparse.Namespace) -> int:
    from screening_app.matching.reasons import reasons_text
    from screening_app.storage.duplicates import Duplicates

    other = args.link or args.different
    if other and not args.case:
        raise Refused(_("Name the case to link or to mark as different (ID)."))
    minimum = _min_score(args)
    with open_session(args) as session:
        dup = Duplicates(session)
        if args.case:
            case_id = session.cases.id_of(args.case)
            if other:
                dup.decide(case_id, session.cases.id_of(other), same=bool(args.link))
                print(_("Recorded; both cases are kept as they are."))
                return 0
            found = dup.for_case(case_id, minimum)
        else:
            found = dup.pairs(minimum, include_decided=False)
    if args.json:
        print(json.dumps([c.to_dict() for c in found], ensure_ascii=False, indent=1))
        return 0
    decisions = {"same": _("linked: same person"), "different": _("marked different")}
    for c in found:
        columns = [c.reference, c.other_reference, f"{c.score:.2f}"]
        if c.match is not None:
            columns.append(reasons_text(c.match))
        if c.decision:
            columns.append(decisions[c.decision])
        print("\t".join(columns))
    if not found:
        print(_("No possible duplicates."))
    return 0
