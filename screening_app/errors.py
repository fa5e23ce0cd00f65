"""Errors a user can meet.

A `Refused` error means the operation was refused and nothing was changed; its
message is already translated into the user's language, names no personal data,
and says what to do next. The CLI prints it on one line and exits with status 1;
the GUI shows it in a message box.
"""

from __future__ import annotations


class Refused(Exception):
    """An operation refused with a translated, personal-data-free message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
