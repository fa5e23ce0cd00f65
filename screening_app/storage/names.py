"""User names: what a name may be, and the one reserved for recovery sessions."""

from __future__ import annotations

import unicodedata

from screening_app.errors import Refused
from screening_app.i18n import _

MAX_NAME = 64
RESERVED_NAME = "recovery"   # the audit log's name for recovery-code sessions


def check_name(name: str) -> None:
    if not name or len(name) > MAX_NAME or name != name.strip() or any(
            unicodedata.category(c)[0] == "C" for c in name):
        raise Refused(_("A user name needs 1 to {n} visible characters, without leading or "
                        "trailing spaces.").format(n=MAX_NAME))
    if name.casefold() == RESERVED_NAME:
        raise Refused(_("This name is reserved for sessions opened with the recovery code; "
                        "choose another."))
