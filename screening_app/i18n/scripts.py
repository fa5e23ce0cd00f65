"""Which writing system a character belongs to: the six scripts of the program's
languages, and splitting mixed text into runs of one script.

The lowest module of i18n (imports nothing of ours): fonts pick a file per script,
format reads digits and names per script.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Script(StrEnum):
    LATIN = "Latin"          # also Vietnamese, digits, punctuation
    KHMER = "Khmer"
    LAO = "Lao"
    MYANMAR = "Myanmar"
    THAI = "Thai"
    HAN = "Han"              # Simplified Chinese


LANGUAGE_SCRIPT: dict[str, Script] = {
    "en": Script.LATIN,
    "vi": Script.LATIN,
    "km": Script.KHMER,
    "lo": Script.LAO,
    "my": Script.MYANMAR,
    "th": Script.THAI,
    "zh_Hans": Script.HAN,
}

# Unicode blocks of each script (main block plus extensions used in practice).
_RANGES: tuple[tuple[int, int, Script], ...] = (
    (0x0E00, 0x0E7F, Script.THAI),
    (0x0E80, 0x0EFF, Script.LAO),
    (0x1000, 0x109F, Script.MYANMAR),
    (0xA9E0, 0xA9FF, Script.MYANMAR),
    (0xAA60, 0xAA7F, Script.MYANMAR),
    (0x1780, 0x17FF, Script.KHMER),
    (0x19E0, 0x19FF, Script.KHMER),
    (0x2E80, 0x2FDF, Script.HAN),
    (0x3000, 0x303F, Script.HAN),      # CJK punctuation
    (0x3400, 0x4DBF, Script.HAN),
    (0x4E00, 0x9FFF, Script.HAN),
    (0xF900, 0xFAFF, Script.HAN),
    (0xFF00, 0xFFEF, Script.HAN),      # full-width forms
    (0x20000, 0x3134F, Script.HAN),
)


def script_of(ch: str) -> Script | None:
    """The script of one character, or None for characters every font shares
    (spaces, digits, common punctuation, joiners)."""
    cp = ord(ch)
    for lo, hi, script in _RANGES:
        if lo <= cp <= hi:
            return script
    if cp < 0x80:
        return Script.LATIN if ch.isalpha() else None
    if unicodedata.category(ch)[0] in "LM":
        return Script.LATIN
    return None


def script_runs(text: str, default: Script = Script.LATIN) -> list[tuple[Script, str]]:
    """Split text into runs of one script each. Shared characters (spaces, digits,
    punctuation) join the run before them, or the first run at the start."""
    runs: list[tuple[Script, str]] = []
    pending = ""
    for ch in text:
        script = script_of(ch)
        if script is None:
            if runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            else:
                pending += ch
            continue
        if runs and runs[-1][0] is script:
            runs[-1] = (script, runs[-1][1] + ch)
        else:
            runs.append((script, pending + ch))
            pending = ""
    if pending:
        runs.append((default, pending))
    return runs


def scripts_in(text: str) -> set[Script]:
    return {s for s in map(script_of, text) if s is not None}
