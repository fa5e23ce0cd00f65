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


class Refused(Exception):
    """An operation refused with a translated, personal-data-free message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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
