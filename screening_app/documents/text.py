"""Text blocks that print correctly in every script.

ReportLab's Paragraph breaks lines only at spaces and then cuts long words
anywhere (mid-syllable in Thai and Khmer); it joins the words it split on U+200B
with a visible space, and it shapes a word that mixes two fonts with the first
font only. So text is laid out here instead, and drawn with ReportLab's own
shaping (uharfbuzz through `shapeFragWord`, the code Paragraph(shaping=1) uses):

- break opportunities come from ICU's line breaker (icu4py): dictionary-based
  word boundaries for Khmer, Lao, Burmese, Thai and Chinese, ordinary rules
  (spaces, hyphens) for Latin and Vietnamese; no spacer character is inserted;
- a word wider than the line is cut between grapheme clusters (ICU), never
  inside one, so a Khmer consonant keeps its subscript;
- each line is cut into runs of one font (`documents.fonts.runs`), each run is
  shaped on its own and drawn pre-shaped;
- each run is wrapped in a marked-content span with /ActualText holding the
  characters as typed, so copy and search (pdftotext) get the text back even where
  shaping produced glyphs without a Unicode mapping.

Right-to-left text (Arabic, Hebrew pasted by mistake) is drawn in logical order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from icu4py.breakers import CharacterBreaker
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

from screening_app.documents.fonts import PdfFont, Run, clean, runs
from screening_app.i18n.breaks import segments

MIN_LINE_HEIGHT = 1.3
FAKE_BOLD_STROKE = 0.035     # stroke width per em for a bold without a bold face
# Wrap runs in /ActualText spans (switched off only to measure what it brings).
ACTUAL_TEXT = True


@dataclass(frozen=True)
class TextStyle:
    size: float = 9.0
    bold: bool = False
    color: Color = black
    align: str = "left"          # left, center, right
    space_after: float = 0.0
    lang: str = "en"             # locale for ICU line breaking


@dataclass
class Line:
    runs: list[Run]
    widths: list[float]
    style: TextStyle
    ascent: float
    descent: float               # positive, below the baseline
    space_after: float = 0.0

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def height(self) -> float:
        return self.ascent + self.descent + self.space_after


@lru_cache(maxsize=8192)
def shaped(drawn: str, font: str, size: float) -> tuple[str, float]:
    """`drawn` shaped with `font` (a ShapedStr when shaping changed anything) and
    its advance width in points."""
    if not drawn:
        return "", 0.0
    word = [stringWidth(drawn, font, size), (ABag(fontName=font, fontSize=size), drawn)]
    result = shapeFragWord(word)
    return result[1][1], float(result[0])


def run_width(run: Run, size: float) -> float:
    return shaped(run.drawn, run.font.name, size)[1]


def _segments(text: str, lang: str) -> list[str]:
    """The text cut after every line-break opportunity (ICU rules, the same
    boundaries the GUI's labels get: i18n.breaks)."""
    return segments(text, lang)


def _clusters(text: str) -> list[str]:
    try:
        return list(CharacterBreaker(text, "en")) or [text]
    except Exception:
        return list(text)


def _metrics(fonts: list[PdfFont], size: float) -> tuple[float, float]:
    """Ascent and descent (points) of a line using `fonts`, with at least
    MIN_LINE_HEIGHT em between lines (Droid Sans Fallback declares only 1 em)."""
    ascent = max((f.ascent for f in fonts), default=1000.0)
    descent = -min((f.descent for f in fonts), default=-250.0)
    short = MIN_LINE_HEIGHT * 1000 - (ascent + descent)
    if short > 0:
        ascent += short * 0.6
        descent += short * 0.4
    return ascent * size / 1000, descent * size / 1000


def _make_line(text: str, style: TextStyle) -> Line:
    line_runs = runs(text, style.bold)
    widths = [run_width(r, style.size) for r in line_runs]
    ascent, descent = _metrics([r.font for r in line_runs], style.size)
    if not line_runs:
        ascent, descent = _metrics([], style.size)
    return Line(line_runs, widths, style, ascent, descent)


def _width(text: str, style: TextStyle) -> float:
    return sum(run_width(r, style.size) for r in runs(text, style.bold))


def break_lines(text: str, style: TextStyle, max_width: float) -> list[Line]:
    """`text` laid out in lines no wider than `max_width` (points)."""
    lines: list[Line] = []
    for para in clean(text).split("\n"):
        lines.extend(_break_paragraph(para, style, max_width))
    if lines:
        lines[-1].space_after = style.space_after
    return lines


def _break_paragraph(para: str, style: TextStyle, max_width: float) -> list[Line]:
    out: list[str] = []
    current = ""
    for segment in _segments(para, style.lang):
        candidate = current + segment
        if _width(candidate.rstrip(), style) <= max_width:
            current = candidate
            continue
        if current:
            out.append(current)
            current = ""
        if _width(segment.rstrip(), style) <= max_width:
            current = segment
            continue
        # one word wider than the line: cut it between grapheme clusters
        for cluster in _clusters(segment):
            if current and _width((current + cluster).rstrip(), style) > max_width:
                out.append(current)
                current = ""
            current += cluster
    if current or not out:
        out.append(current)
    return [_make_line(t.rstrip(), style) for t in out]


def _actual_text(text: str) -> str:
    """A PDF hex string (UTF-16BE with byte-order mark) for /ActualText."""
    return "<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


def draw_line(canv: Any, line: Line, x: float, baseline: float, width: float) -> None:
    """Draw one laid-out line with its left edge at `x` on `baseline`."""
    style = line.style
    if style.align == "center":
        x += (width - line.width) / 2
    elif style.align == "right":
        x += width - line.width
    for run, run_w in zip(line.runs, line.widths, strict=True):
        glyphs, _w = shaped(run.drawn, run.font.name, style.size)
        if not run.text:
            continue
        canv.saveState()
        if ACTUAL_TEXT:
            canv.addLiteral(f"/Span <</ActualText {_actual_text(run.text)}>> BDC")
        text = canv.beginText(x, baseline)
        text.setFont(run.font.name, style.size)
        text.setFillColor(style.color)
        if run.font.fake_bold:
            canv.setStrokeColor(style.color)
            canv.setLineWidth(style.size * FAKE_BOLD_STROKE)
            text.setTextRenderMode(2)
        if glyphs:
            text.textOut(glyphs)
        canv.drawText(text)
        if ACTUAL_TEXT:
            canv.addLiteral("EMC")
        canv.restoreState()
        x += run_w


@dataclass
class _Part:
    text: str
    style: TextStyle


@dataclass
class _Layout:
    width: float = -1.0
    lines: list[Line] = field(default_factory=list)


class TextBlock(Flowable):
    """One or more paragraphs, each with its own style, stacked and wrapped to the
    width given by the frame or table cell. Splits between lines across pages."""

    def __init__(self, parts: list[tuple[str, TextStyle]] | None = None,
                 lines: list[Line] | None = None) -> None:
        super().__init__()
        self._parts = [_Part(t, s) for t, s in (parts or [])]
        self._fixed = lines
        self._layout = _Layout()

    def _lines(self, width: float) -> list[Line]:
        if self._fixed is not None:
            return self._fixed
        if abs(self._layout.width - width) > 0.01:
            lines: list[Line] = []
            for part in self._parts:
                lines.extend(break_lines(part.text, part.style, width))
            self._layout = _Layout(width, lines)
        return self._layout.lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(line.height for line in self._lines(availWidth))
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._lines(availWidth)
        used = 0.0
        for i, line in enumerate(lines):
            if used + line.ascent + line.descent > availHeight:
                if i == 0:
                    return []
                return [TextBlock(lines=lines[:i]), TextBlock(lines=lines[i:])]
            used += line.height
        return [self]

    def draw(self) -> None:
        y = self.height
        for line in self._lines(self.width):
            y -= line.ascent
            draw_line(self.canv, line, 0.0, y, self.width)
            y -= line.descent + line.space_after


def fitting(text: str, style: TextStyle, width: float, smallest: float = 6.0) -> TextStyle:
    """`style` with its size reduced (not below `smallest`) so `text` fits on one line."""
    wide = _width(clean(text).replace("\n", " "), style)
    if wide <= width:
        return style
    return replace(style, size=max(smallest, style.size * width / wide))


def draw_text(canv: Any, text: str, style: TextStyle, x: float, top: float,
              width: float, fit: bool = False) -> float:
    """Draw wrapped text straight on a canvas (page headers and footers) below
    `top`, shrunk to one line if `fit`; returns the height used."""
    block = TextBlock([(text, fitting(text, style, width) if fit else style)])
    _w, h = block.wrap(width, 10_000)
    block.drawOn(canv, x, top - h)
    return float(h)
