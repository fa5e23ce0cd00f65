"""`referral pdf` and `referral consent`: print a stored case's referral form or
consent record to a PDF file (the GUI's print action uses the same renderers)."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from screening_app.commands.common import add_reason_options, add_unlock_options
from screening_app.errors import Refused
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.domain import Agency, Case
    from screening_app.storage import Session

PRINT_REFERRAL = "print_referral"
PRINT_CONSENT = "print_consent_record"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    parser = sub.add_parser("referral", help=_("print referral forms and consent records"))
    inner = parser.add_subparsers(dest="referral_command", metavar="COMMAND")

    pdf = inner.add_parser("pdf", help=_("write the referral form of a case to a PDF file"))
    pdf.add_argument("case", metavar="ID", help=_("case id or reference"))
    pdf.add_argument("--lang", required=True, metavar="LANG",
                     help=_("first language of the form (the officer's)"))
    pdf.add_argument("--second-lang", metavar="LANG",
                     help=_("second language (the receiving agency's)"))
    pdf.add_argument("--third-lang", metavar="LANG", help=_("third language, e.g. en"))
    pdf.add_argument("--to", metavar="AGENCY",
                     help=_("receiving agency id (default: the agency of the case's latest "
                            "referral; else left blank to fill in by hand)"))
    pdf.add_argument("--note", metavar="TEXT", help=_("officer's note printed on the form"))
    add_reason_options(pdf)
    _common(pdf)
    pdf.set_defaults(handler=run_pdf)

    consent = inner.add_parser("consent",
                               help=_("write the consent record of a case to a PDF file"))
    consent.add_argument("case", metavar="ID", help=_("case id or reference"))
    consent.add_argument("--lang", required=True, metavar="LANG",
                         help=_("the person's language"))
    consent.add_argument("--second-lang", metavar="LANG", help=_("a second language"))
    _common(consent)
    consent.set_defaults(handler=run_consent)

    def usage(_args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(handler=usage)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page-size", default="A4", choices=["A4", "Letter"],
                        help=_("paper size (default A4)"))
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                        help=_("the PDF file to write"))
    add_unlock_options(parser)


def open_session(args: argparse.Namespace) -> Session:
    from screening_app.commands.common import read_passphrase
    from screening_app.storage import Session, default_data_dir

    data_dir = args.data_dir if args.data_dir is not None else default_data_dir()
    return Session.open(data_dir, args.user, read_passphrase(args))


def load_case(session: Session, given: str) -> Case:
    """The case named by its id or, where storage can resolve it, its reference."""
    id_of = getattr(session.cases, "id_of", None)   # storage's reference lookup, when present
    return session.cases.get(id_of(given) if id_of is not None else given.strip())


def run_pdf(args: argparse.Namespace) -> int:
    from screening_app.documents import render_referral
    from screening_app.domain import ReferralReason

    languages = [x for x in (args.lang, args.second_lang, args.third_lang) if x]
    with open_session(args) as session:
        case = load_case(session, args.case)
        recipient = recipient_agency(session, case, args.to)
        # the referral to that agency (else the latest) gives the packet, reason, details
        latest = next((r for r in reversed(case.referrals) if r.agency_id == recipient.id),
                      case.referrals[-1] if case.referrals else None)
        reason = args.reason or (latest.reason if latest else None)
        details = args.details if args.details is not None else (
            latest.details if latest else None)
        pdf = render_referral(
            case, sender=sender_agency(session), recipient=recipient,
            languages=languages, page_size=args.page_size,
            packet_id=latest.packet_id if latest else None, officer_note=args.note,
            reason=None if reason is None else ReferralReason(reason), details=details)
        write_audited(args.out, pdf, lambda: session.audit.record(
            PRINT_REFERRAL, case.id, {"languages": ",".join(languages)}))
    print(_("Referral form written to {path}").format(path=args.out))
    return 0


def run_consent(args: argparse.Namespace) -> int:
    from screening_app.documents import render_consent_record

    with open_session(args) as session:
        case = load_case(session, args.case)
        pdf = render_consent_record(case, args.lang, args.second_lang,
                                    page_size=args.page_size)
        write_audited(args.out, pdf, lambda: session.audit.record(PRINT_CONSENT, case.id))
    print(_("Consent record written to {path}").format(path=args.out))
    return 0


def sender_agency(session: Session) -> Agency:
    """This installation's agency (the exchange directory's view of it when present)."""
    from screening_app.domain import Agency

    directory = _directory(session)
    try:
        if directory is not None:
            return cast("Agency", directory.own_agency())
    except Refused:
        pass    # no agency set up for exchange: print what the device knows
    device = session.device
    return Agency(id=device.id, name=device.agency_name or "", type=device.agency_type,
                  service=device.agency_service, country=device.country or "")


def recipient_agency(session: Session, case: Case, agency_id: str | None) -> Agency:
    """The receiving agency: --to, else the case's latest referral, else blank."""
    from screening_app.domain import Agency

    wanted = agency_id or (case.referrals[-1].agency_id if case.referrals else None)
    if wanted:
        directory = _directory(session)
        entry = directory.entry(wanted) if directory is not None else None
        if entry is not None:
            return cast("Agency", entry.agency)
        if agency_id:
            raise Refused(_("No agency {id} in the directory. Nothing was printed; see "
                            "'keys import-card' to add it.").format(id=agency_id[:60]))
    return Agency(id="", name="", type=None, country="")


def _directory(session: Session) -> Any | None:
    """The exchange layer's agency directory, when that layer is installed."""
    try:
        module = importlib.import_module("screening_app.exchange.directory")
    except ImportError:
        return None
    return module.AgencyDirectory(session)


def write_audited(path: Path, data: bytes, audit: Callable[[], object]) -> None:
    """Write `data` to `path` owner-only and atomically (storage.datadir.write_atomically);
    the print is audited before the file appears, and nothing appears if auditing
    fails."""
    from screening_app.storage.datadir import write_atomically

    target = path.expanduser()
    try:
        write_atomically(target, data, before_replace=audit)
    except OSError:
        raise Refused(_("Cannot write {path}. Nothing was written; choose another folder.")
                      .format(path=target)) from None
