"""Phone numbers in E.164, the form HTCDS 2.0 prescribes (prs_MobilePhone, org_Phone):
"+", the country code and the number, at most 15 digits."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s().\-/]")
_DIGITS = re.compile(r"[1-9]\d{1,14}")


def e164(text: str | None) -> str | None:
    """`text` as an E.164 number ("+" and up to 15 digits, the first not 0) once spaces,
    dots, dashes, slashes and brackets are removed; None when it is not one (a local
    number without its country code is not)."""
    if not text:
        return None
    digits = _SEPARATORS.sub("", text).removeprefix("+")
    if not digits.isascii() or not _DIGITS.fullmatch(digits):
        return None
    return "+" + digits
