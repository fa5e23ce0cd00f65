"""Errors a user can meet.

A `Refused` error means the operation was refused and nothing was changed; its
message is already translated into the user's language, names no personal data,
and says what to do next. The CLI prints it on one line and exits with status 1;
the GUI shows it in a message box.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screening_app.domain.validation import Problem


class Refused(Exception):
    """An operation refused with a translated, personal-data-free message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidValue(Refused):
    """A value refused by the validation layer (screening_app.domain.validation):
    the message names the field and what is allowed, never the value."""

    def __init__(self, problem: Problem, consequence: str | None = None) -> None:
        from screening_app.i18n import _

        self.problem = problem
        super().__init__(_("{problem} {consequence}").format(
            problem=describe_problem(problem),
            consequence=consequence or _("Nothing was saved.")))


def describe_problem(problem: Problem) -> str:
    """One translated sentence: which field, what is wrong, what is allowed."""
    from screening_app.domain.validation import Expected, Rule
    from screening_app.i18n import _, ngettext

    kinds = {
        Expected.TEXT: _("text"),
        Expected.WHOLE_NUMBER: _("a whole number"),
        Expected.NUMBER: _("a finite number"),
        Expected.FLAG: _("true or false"),
        Expected.LIST: _("a list"),
        Expected.OBJECT: _("a JSON object"),
        Expected.DATE: _("a date written YYYY-MM-DD"),
        Expected.MOMENT: _("a date and time with its time zone"),
        Expected.VALUE: _("text, a number, true or false, a list or an object"),
        Expected.UUID: _("an id of 36 characters (UUID)"),
    }
    f, limit = problem.field, problem.limit or 0
    texts = {
        Rule.TYPE: lambda: _("{field} must be {kind}.").format(
            field=f, kind=kinds.get(problem.expected or Expected.VALUE, "")),
        Rule.TOO_LONG: lambda: ngettext(
            "{field} is too long: at most {limit} character is allowed.",
            "{field} is too long: at most {limit} characters are allowed.", limit).format(
                field=f, limit=limit),
        Rule.TOO_MANY: lambda: ngettext(
            "{field} has too many entries: at most {limit} is allowed.",
            "{field} has too many entries: at most {limit} are allowed.", limit).format(
                field=f, limit=limit),
        Rule.BLANK: lambda: _("{field} holds only spaces: write it, or leave it empty.").format(
            field=f),
        Rule.CHARACTER: lambda: _(
            "{field} contains a control or text-direction character ({code}), which is not "
            "allowed (tab and line breaks are allowed in notes only).").format(
                field=f, code=problem.character),
        Rule.RANGE: lambda: _("{field} must be between {low} and {high}.").format(
            field=f, low=problem.low, high=problem.high),
        Rule.CHOICE: lambda: _("{field} must be one of: {values}.").format(
            field=f, values=", ".join(problem.allowed)),
        Rule.COUNTRY: lambda: _(
            "{field} must be a country code of two capital letters (ISO 3166-1), for "
            "example KH, CN, LA, MM, TH or VN.").format(field=f),
        Rule.LANGUAGE: lambda: _(
            "{field} must be a language code, for example km, zh_Hans, lo, my, th, vi or "
            "en.").format(field=f),
        Rule.DATE_RANGE: lambda: _("{field} must be a date from {low} to today.").format(
            field=f, low=problem.low),
        Rule.TIME_RANGE: lambda: _("{field} must be a time from {low} until tomorrow.").format(
            field=f, low=problem.low),
        Rule.FORM: lambda: _(
            "{field}: this form version is not installed here. Installed: {forms}.").format(
                field=f, forms=", ".join(problem.allowed) or "-"),
        Rule.FORM_PAIR: lambda: _(
            "form_id and form_version go together: give both, or neither."),
        Rule.IDENT: lambda: ngettext(
            "{field} must be an identifier: Latin letters, digits and _ . : @ / - only, at "
            "most {limit} character.",
            "{field} must be an identifier: Latin letters, digits and _ . : @ / - only, at "
            "most {limit} characters.", limit).format(field=f, limit=limit),
        Rule.UNKNOWN_KEY: lambda: _("Unknown key '{field}'. Allowed keys: {keys}.").format(
            field=f, keys=", ".join(problem.allowed)),
        Rule.MISMATCH: lambda: _("{field} does not agree with the rest of the case.").format(
            field=f),
        Rule.PHONE: lambda: _(
            "{field} must be a phone number in international form with its country code "
            "(E.164), for example +855 12 345 678.").format(field=f),
        Rule.EITHER: lambda: _("Give either {first} or {second}, not both.").format(
            first=problem.allowed[0], second=problem.allowed[-1]),
    }
    return texts[problem.rule]()


def crash_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """What an unexpected error prints: its type and where it happened, never its
    message or any value (a message can quote a name or an answer)."""
    from screening_app.i18n import _

    lines = [_("An unexpected error stopped this action ({error}). What was already saved "
               "is kept. Details for the developers, without personal data:").format(
                   error=exc_type.__name__)]
    import traceback  # only when something went wrong: the program starts without it

    for frame in traceback.extract_tb(tb):
        path = Path(frame.filename)
        where = "/".join(path.parts[-2:]) if "screening_app" in path.parts else path.name
        lines.append(f"  {where}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


def install_crash_hook() -> None:
    """Unexpected errors (in the CLI and in Qt slots) print only `crash_report`."""

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        print(crash_report(exc_type, tb), file=sys.stderr)

    sys.excepthook = hook
