"""`stats`: k-anonymised statistics (CSV, PDF, JSON) and the k-anonymous case-level
HTCDS export, for supervisors and administrators; every export is audited."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from screening_app.commands.common import add_unlock_options
from screening_app.errors import Refused
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.statistics.request import StatisticsRequest

def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    from screening_app.statistics import DEFAULT_K

    parser = sub.add_parser(
        "stats", help=_("k-anonymised statistics and the HTCDS case-level export "
                        "(supervisors and administrators)"))
    parser.add_argument("--from", dest="date_from", metavar="DATE",
                        help=_("first day of the period (e.g. 2025-01-01)"))
    parser.add_argument("--to", dest="date_to", metavar="DATE",
                        help=_("last day of the period"))
    parser.add_argument("--format", required=True, metavar="FORMAT",
                        help=_("csv, pdf or json (tables); htcds (one row per case, in HTCDS "
                               "2.0 names)"))
    parser.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help=_("the file to write"))
    parser.add_argument("--k", default=str(DEFAULT_K), metavar="N",
                        help=_("smallest count shown, and smallest group of cases alike in "
                               "the case-level export (default {k})").format(k=DEFAULT_K))
    parser.add_argument("--lang", metavar="LANG",
                        help=_("language of the report (default: the language of the "
                               "program)"))
    parser.add_argument("--agency", metavar="AGENCY",
                        help=_("only cases received from this agency id, or 'own' for the "
                               "cases recorded here"))
    parser.add_argument("--nationality", metavar="CC",
                        help=_("only cases of this nationality (ISO 3166 code, e.g. KH)"))
    parser.add_argument("--exploitation", metavar="TYPE",
                        help=_("only cases screened for labour or for sexual exploitation"))
    parser.add_argument("--latin-digits", action="store_true",
                        help=_("write numbers with the digits 0-9 in the PDF"))
    parser.add_argument("--page-size", default="A4", choices=["A4", "Letter"],
                        help=_("paper size of the PDF (default A4)"))
    add_unlock_options(parser)
    parser.set_defaults(handler=run)


def request_of(args: argparse.Namespace, lang: str) -> StatisticsRequest:
    from screening_app.i18n.format import parse_date
    from screening_app.statistics.request import StatisticsRequest

    def day(text: str | None) -> object:
        if text is None:
            return None
        try:
            return parse_date(text, lang)
        except ValueError as error:
            raise Refused(_("This is not a date: {text}. {hint} Nothing was written.").format(
                text=text[:30], hint=str(error))) from None

    try:
        k = int(str(args.k).strip())
    except ValueError:
        raise Refused(_("k must be a whole number of at least {min}: a count of one person "
                        "could be shown otherwise. Nothing was written.").format(min=2)) from None
    return StatisticsRequest(
        date_from=day(args.date_from), date_to=day(args.date_to), k=k,  # type: ignore[arg-type]
        agency=args.agency or None,
        nationality=(args.nationality or "").strip().upper() or None,
        exploitation=(args.exploitation or "").strip().lower() or None)


def run(args: argparse.Namespace) -> int:
    from screening_app.commands.common import open_session
    from screening_app.documents.labels import document_languages
    from screening_app.exchange.statistics_export import STATISTICS_FORMATS, export_statistics
    from screening_app.i18n import current_language
    from screening_app.storage.statistics import require_statistics_role

    fmt = str(args.format).strip().lower()
    if fmt not in STATISTICS_FORMATS:
        raise Refused(_("Unknown format {name}: use csv, pdf, json or htcds. Nothing was "
                        "written.").format(name=str(args.format)[:20]))
    lang = document_languages([args.lang or current_language()])[0]
    request = request_of(args, lang)
    with open_session(args) as session:
        require_statistics_role(session.user.role)
        told = export_statistics(session, request, fmt, lang, args.out,
                                 page_size=args.page_size,
                                 native_digits=False if args.latin_digits else None)
    print(told)
    return 0
