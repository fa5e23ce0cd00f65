"""Options and helpers shared by sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening_app.errors import Refused
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.storage import Session

PASSPHRASE_ENV = "SCREENING_APP_PASSPHRASE"  # noqa: S105 - a variable name


def checked(option: str, read: Callable[[str, str], Any]) -> Callable[[str], Any]:
    """An argparse `type` that reads a value with the validation layer: a wrong value
    is a usage error (exit 2) that names the option and what it allows, in the
    user's language, before anything is done."""
    from screening_app.domain.validation import Invalid
    from screening_app.errors import describe_problem

    def parse(text: str) -> Any:
        try:
            return read(text, option)
        except Invalid as invalid:
            raise argparse.ArgumentTypeError(describe_problem(invalid.problem)) from None
        except Refused as refused:
            raise argparse.ArgumentTypeError(refused.message) from None

    return parse


def closed_list(option: str, values: tuple[str, ...]) -> Callable[[str], Any]:
    """An argparse `type` for a closed list (role, exploitation, language): the
    refusal lists every allowed value, translated."""
    from screening_app.domain.validation import Invalid, Problem, Rule

    def read(text: str, name: str) -> str:
        if text not in values:
            raise Invalid(Problem(name, Rule.CHOICE, allowed=values))
        return text

    return checked(option, read)


def add_data_dir(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument(
        "--data-dir", type=Path, required=required, metavar="DIR",
        help=_("data directory (default: the per-user data directory)"),
    )


def add_unlock_options(parser: argparse.ArgumentParser) -> None:
    """--data-dir, --user and --passphrase-file, for commands that open the database."""
    add_data_dir(parser)
    parser.add_argument("--user", metavar="NAME",
                        help=_("whose key slot to open (may be left out when there is one user)"))
    parser.add_argument("--passphrase-file", type=Path, metavar="FILE",
                        help=_("read the passphrase from FILE (first line)"))


def _given_secret(path: Path | None, env_var: str) -> str | None:
    """The first line of `path`, else the environment variable, else None."""
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise Refused(_("Cannot read the passphrase file.")) from None
        return text.splitlines()[0] if text else ""
    return os.environ.get(env_var)


def read_passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    """The passphrase from --passphrase-file, SCREENING_APP_PASSPHRASE or a prompt."""
    given = _given_secret(getattr(args, "passphrase_file", None), PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused(_("A passphrase is needed: use --passphrase-file or {var}.").format(
            var=PASSPHRASE_ENV))
    return _typed(prompt or _("Passphrase: "))


def _typed(prompt: str) -> str:
    import getpass  # with termios: not loaded by the GUI's start

    return getpass.getpass(prompt)


NEW_PASSPHRASE_ENV = "SCREENING_APP_NEW_PASSPHRASE"  # noqa: S105 - a variable name


def add_new_passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                        help=_("read the new passphrase from FILE (first line); else {var} "
                               "or a prompt (asked twice)").format(var=NEW_PASSPHRASE_ENV))


def read_new_passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    """A new passphrase from --new-passphrase-file, SCREENING_APP_NEW_PASSPHRASE, or
    typed twice at a prompt."""
    given = _given_secret(getattr(args, "new_passphrase_file", None), NEW_PASSPHRASE_ENV)
    if given is not None:
        return given
    if not sys.stdin or not sys.stdin.isatty():
        raise Refused(_("A new passphrase is needed: use --new-passphrase-file or {var}.").format(
            var=NEW_PASSPHRASE_ENV))
    first = _typed(prompt or _("New passphrase: "))
    if _typed(_("Repeat the new passphrase: ")) != first:
        raise Refused(_("The two passphrases differ. Nothing was changed."))
    return first


def data_dir_of(args: argparse.Namespace) -> Path:
    from screening_app.storage import default_data_dir

    given: Path | None = getattr(args, "data_dir", None)
    return given if given is not None else default_data_dir()


def open_session(args: argparse.Namespace) -> Session:
    """Unlock the data directory named by --data-dir/--user with the passphrase
    (or, with --recovery, the recovery code) from read_passphrase()."""
    from screening_app.storage import Session

    if getattr(args, "recovery", False):
        code = read_passphrase(args, _("Recovery code: "))
        session = Session.open_with_recovery_code(data_dir_of(args), code)
    else:
        session = Session.open(data_dir_of(args), getattr(args, "user", None),
                               read_passphrase(args))
    for warning in session.warnings:       # e.g. the audit history changed since last time
        print(warning, file=sys.stderr)
    return session


def add_reason_options(parser: argparse.ArgumentParser) -> None:
    """--reason and --details of a referral (HTCDS cas_ReasonForOutgoingReferral and
    cas_OutgoingReferralDetails)."""
    from screening_app.domain import ReferralReason

    parser.add_argument("--reason", metavar="|".join(r.value for r in ReferralReason),
                        type=checked("--reason", _referral("reason")),
                        help=_("why the person is referred (default: the reason recorded for "
                               "this agency, else AdditionalServicesRequired)"))
    parser.add_argument("--details", metavar="TEXT", type=checked("--details",
                                                                  _referral("details")),
                        help=_("details of the referral for the receiving agency"))


def _referral(key: str) -> Callable[[str, str], Any]:
    def read(text: str, option: str) -> Any:
        from screening_app.domain.validation import read_referral_value
        from screening_app.vocabulary import installed

        return read_referral_value(key, text, installed(), option)

    return read


def stray_slot_line(slot: dict[str, object]) -> str:
    """One line about a slot in the vault file that matches no active user."""
    kind = _("recovery") if slot["kind"] == "recovery" else _("user {name}").format(
        name=slot["user"])
    return _("Key slot {slot} ({kind}): not made by this installation or left by a "
             "disabled user; it opens the database and is dropped at the next key change "
             "(disable a user, or 'user passwd --rotate').").format(
                 slot=str(slot["id"])[:8], kind=kind)
