"""Fonts registered with ReportLab, one per script (and bold), chosen by
`screening_app.i18n.fonts`; and the split of any text into runs of one font.

ReportLab has no font fallback and the script fonts lack Latin letters, so every
text is cut into runs: the script's font for its letters, the Latin font for
digits and punctuation the script font does not have, a fallback font (DejaVu)
for other scripts pasted by mistake, and U+FFFD for what no font covers: never a
box. A missing script font is refused with what to install.
"""

from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.i18n import fonts as font_files
from screening_app.i18n.fonts import INSTALL_HINT, Script, script_runs


@dataclass(frozen=True)
class PdfFont:
    """A font registered with ReportLab under `name`."""

    name: str
    covered: frozenset[int]
    ascent: float             # per 1000 units of em
    descent: float            # negative
    fake_bold: bool = False   # bold wanted, only a regular face exists: stroke it

    def covers(self, ch: str) -> bool:
        return ord(ch) in self.covered


@dataclass(frozen=True)
class Run:
    """Characters drawn with one font. `text` is what the person typed (kept for
    copy and search); `drawn` is what is drawn (differs only where no font has a
    glyph)."""

    font: PdfFont
    text: str
    drawn: str


# Khmer stacks signs below the base line deeper than Noto Sans Khmer declares.
MIN_DESCENT: dict[Script, float] = {Script.KHMER: -560.0}

_registered: dict[tuple[Script, bool], PdfFont] = {}
_fallbacks: list[PdfFont] | None = None


def _register(family: str, path: Path, subfont_index: int = 0, fake_bold: bool = False,
              min_descent: float = 0.0) -> PdfFont:
    # the file's identity is in the name: after fonts are installed or removed
    # (forget()), a different file never hides behind an old registration
    name = f"{family}-{zlib.crc32(str(path).encode()):08x}"
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        # subsetting is ReportLab's default for TTFont: only the glyphs used are embedded
        font = TTFont(name, str(path), subfontIndex=subfont_index)
        pdfmetrics.registerFont(font)
    face = font.face
    return PdfFont(name, frozenset(face.charToGlyph), float(face.ascent),
                   min(float(face.descent), min_descent), fake_bold)


def font_for(script: Script, bold: bool = False) -> PdfFont:
    """The registered font for `script`; Refused (naming the script and what to
    install) when no font file exists on this machine."""
    key = (script, bold)
    found = _registered.get(key)
    if found is not None:
        return found
    file = font_files.find_font(script, bold)
    if file is None:
        raise Refused(_(
            "No font for {script} text was found on this computer, so nothing was printed. "
            "Install {package} and print again.").format(
                script=script.value, package=INSTALL_HINT[script]))
    try:
        found = _register(file.family, file.path, file.subfont_index,
                          fake_bold=bold and not file.bold,
                          min_descent=MIN_DESCENT.get(script, 0.0))
    except (TTFError, OSError):
        raise Refused(_(
            "The font file for {script} text cannot be used, so nothing was printed. "
            "Install {package} and print again.").format(
                script=script.value, package=INSTALL_HINT[script])) from None
    _registered[key] = found
    return found


def fallback_fonts() -> list[PdfFont]:
    global _fallbacks
    if _fallbacks is None:
        found: list[PdfFont] = []
        for i, path in enumerate(font_files.fallback_fonts()):
            try:
                found.append(_register(f"SR-Fallback-{i}", path))
            except (TTFError, OSError):
                continue
        _fallbacks = found
    return _fallbacks


def forget() -> None:
    """Look for font files again (after installing fonts, and in tests)."""
    global _fallbacks
    _registered.clear()
    _fallbacks = None
    font_files.rescan()


def require(scripts: set[Script]) -> None:
    """Refuse early, before anything is drawn, when a script's font is missing."""
    for script in sorted(scripts | {Script.LATIN}):
        font_for(script)


def clean(text: str) -> str:
    """Text safe to lay out: controls and unpaired surrogates go, tabs become spaces."""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "):
        cat = unicodedata.category(ch)
        if ch == "\n" or cat not in ("Cc", "Cs", "Co", "Cn"):
            out.append(ch)
    return "".join(out)


def runs(text: str, bold: bool = False) -> list[Run]:
    """`text` (one line, already cleaned) cut into runs of one font each."""
    latin = font_for(Script.LATIN, bold)
    pieces: list[tuple[PdfFont, str, str]] = []
    for script, chunk in script_runs(text):
        primary = font_for(script, bold)
        for ch in chunk:
            font, drawn = _pick(ch, primary, latin)
            if pieces and pieces[-1][0] is font:
                last = pieces[-1]
                pieces[-1] = (font, last[1] + ch, last[2] + drawn)
            else:
                pieces.append((font, ch, drawn))
    return [Run(f, t, d) for f, t, d in pieces]


def _pick(ch: str, primary: PdfFont, latin: PdfFont) -> tuple[PdfFont, str]:
    if primary.covers(ch):
        return primary, ch
    if latin.covers(ch):
        return latin, ch
    for fallback in fallback_fonts():
        if fallback.covers(ch):
            return fallback, ch
    if unicodedata.category(ch) in ("Cf", "Mn", "Me", "Zl", "Zp"):
        return primary, ""      # invisible or a stray mark: draw nothing, keep it in the text
    return latin, "\ufffd" if latin.covers("\ufffd") else "?"
