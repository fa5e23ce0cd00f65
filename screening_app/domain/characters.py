"""Which characters stored text may not hold, and the one function that makes text
safe to print (terminals, logs): control and bidirectional-formatting characters
become visible escapes."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

# Never in stored text: C0 and C1 controls (NUL and ESC included), DEL, line and
# paragraph separators, bidirectional embeddings/overrides (U+202A-U+202E) and
# isolates (U+2066-U+2069), and lone surrogates (not encodable). Notes and text
# answers may hold tab and newline.
_ONE_LINE = "\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_MULTI_LINE = _ONE_LINE.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f")   # tab and newline
# Escaped on output (terminals, logs): the above plus the bidi marks, which can
# reorder what a terminal shows around them.
_UNSAFE_FOR_OUTPUT = f"[{_ONE_LINE}\u061c\u200e\u200f]"
_INVISIBLE = r"[\s\u00ad\u034f\u115f\u1160\u180e\u200b-\u200d\u2060\u3164\ufeff]+"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """Patterns are compiled when first used, not at import: every program start
    (the desktop program's first window too) imports this module through the
    command line's safe output streams."""
    return re.compile(pattern)


def _escape(match: Any) -> str:
    ch = match.group()
    code = ord(ch)
    return _SHORT.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, keep: str = "") -> str:
    """`text` with every control and bidi character (tab and newline too, unless
    in `keep`) written as a visible escape (\\x1b, \\u202e); letters of every script
    untouched. The one escaping function of the program (screening_app.output
    uses it for every line the command line prints)."""
    return unsafe_except(keep).sub(_escape, text)


@lru_cache(maxsize=8)
def unsafe_except(keep: str) -> re.Pattern[str]:
    """The characters escaped on output, except those in `keep`."""
    if not keep:
        return _compiled(_UNSAFE_FOR_OUTPUT)
    return re.compile(f"(?![{re.escape(keep)}]){_UNSAFE_FOR_OUTPUT}")


def forbidden_character(text: str, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, as "U+XXXX" (None when clean)."""
    found = _compiled(f"[{_MULTI_LINE if multiline else _ONE_LINE}]").search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def is_blank(text: str) -> bool:
    """Only spaces or invisible characters (a name that shows as nothing)."""
    return _compiled(_INVISIBLE).sub("", text) == ""
