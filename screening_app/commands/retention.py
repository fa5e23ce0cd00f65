"""`retention show | set DAYS | off | run`: how long a referred case's personal
data stay on this device after the receiving agency's receipt."""

from __future__ import annotations

import argparse

from screening_app.commands.common import add_unlock_options, open_session
from screening_app.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("retention", help=_("erase referred cases' personal data after "
                                                "the receipt (administrators)"))
    actions = parser.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help=_("show the setting"))
    set_ = actions.add_parser("set", help=_("erase personal data DAYS days after the receipt "
                                            "(0: at once)"))
    set_.add_argument("days", type=int, metavar="DAYS")
    off = actions.add_parser("off", help=_("keep referred cases (the default)"))
    run = actions.add_parser("run", help=_("erase the cases that are due now"))
    for p in (show, set_, off, run):
        add_unlock_options(p)
    show.set_defaults(handler=run_retention, days=None)
    set_.set_defaults(handler=run_retention)
    off.set_defaults(handler=run_retention, days=None)
    run.set_defaults(handler=run_retention, days=None)


def _describe(days: int | None) -> str:
    if days is None:
        return _("Referred cases are kept on this device (retention is off).")
    if days == 0:
        return _("Personal data of a referred case are erased as soon as the receipt arrives.")
    return ngettext("Personal data of a referred case are erased {n} day after the receipt.",
                    "Personal data of a referred case are erased {n} days after the receipt.",
                    days).format(n=days)


def run_retention(args: argparse.Namespace) -> int:
    from screening_app.storage import retention

    with open_session(args) as session:
        if args.retention_command == "set":
            retention.set_erase_after_days(session, args.days)
        elif args.retention_command == "off":
            retention.set_erase_after_days(session, None)
        erased = retention.run_due(session) if args.retention_command != "show" else []
        days = retention.erase_after_days(session)
    print(_describe(days))
    if erased:
        print(ngettext("{n} case reduced to its stub: {references}",
                       "{n} cases reduced to their stubs: {references}", len(erased)).format(
                           n=len(erased), references=", ".join(e.reference for e in erased)))
    return 0
