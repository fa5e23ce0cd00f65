"""Building blocks shared by the referral form and the consent record: section
headings, label/value tables, free text, signature lines."""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Spacer, Table

from screening_app.documents import fonts
from screening_app.documents.labels import GREY, joined, label
from screening_app.documents.text import TextBlock, TextStyle
from screening_app.i18n.fonts import Script

LIGHT = Color(0.9, 0.92, 0.95)
RULE = Color(0.7, 0.7, 0.7)
# Longest user text kept in one table cell: a row taller than a page cannot be
# laid out, and no real name or address comes near this.
MAX_CELL_CHARS = 600
ELLIPSIS = "…"


def table(data: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]],
          repeat_rows: int = 0) -> Table:
    """A ReportLab Table that never falls back to (unembedded) Helvetica: Table
    sets its default cell font even for cells holding flowables."""
    latin = fonts.font_for(Script.LATIN).name
    return Table(data, colWidths=widths, repeatRows=repeat_rows,
                 style=[("FONTNAME", (0, 0), (-1, -1), latin), *style])


def cell_text(text: str | None) -> str:
    text = (text or "").strip()
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS] + ELLIPSIS


def value(text: str | None, lang: str = "en", size: float = 9.0, bold: bool = False) -> TextBlock:
    return TextBlock([(cell_text(text), TextStyle(size=size, bold=bold, lang=lang))])


def values(texts: list[str], lang: str = "en", size: float = 9.0) -> TextBlock:
    """Several values stacked (e.g. one per language)."""
    return TextBlock([(cell_text(t), TextStyle(size=size, lang=lang)) for t in texts if t]
                     or [("", TextStyle(size=size))])


def field_label(msg: str, langs: list[str]) -> TextBlock:
    return TextBlock(label(msg, langs))


def heading(msg: str, langs: list[str], width: float) -> Table:
    block = TextBlock([(joined(msg, langs), TextStyle(size=10.5, bold=True, lang=langs[0]))])
    result = table([[block]], [width], [
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])
    result.keepWithNext = True
    return result


def title(msg: str, langs: list[str]) -> TextBlock:
    parts = [(text, TextStyle(size=15 if i == 0 else 12, bold=i == 0, lang=langs[0],
                              color=Color(0, 0, 0) if i == 0 else GREY))
             for i, text in enumerate(joined(msg, langs, "\n").split("\n"))]
    return TextBlock(parts)


def fields(rows: list[tuple[Flowable, ...]], widths: list[float]) -> Table:
    """Label | value rows with thin rules between them."""
    return table([list(r) for r in rows], widths, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ])


def section(msg: str, langs: list[str], rows: list[tuple[Flowable, ...]],
            widths: list[float], header_rows: int = 0) -> Table:
    """A titled section: the title is the table's first row, repeated (with
    `header_rows` more) when the table goes on over the next page, so a long
    section splits between rows instead of leaving half a page empty."""
    title_block = TextBlock([(joined(msg, langs), TextStyle(size=10.5, bold=True,
                                                            lang=langs[0]))])
    data: list[list[Any]] = [[title_block] + [""] * (len(widths) - 1)]
    data += [list(r) for r in rows]
    return table(data, widths, [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("BACKGROUND", (0, 1), (-1, header_rows), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, 0), 4),
        ("TOPPADDING", (0, 0), (-1, 0), 3),
    ], repeat_rows=1 + header_rows)


def gap(height: float = 6) -> Spacer:
    return Spacer(1, height)


def signatures(columns: list[str], rows: list[str], langs: list[str], width: float,
               names: list[str] | None = None) -> Table:
    """A signature block: one column per signer, each with name/signature/date lines."""
    col = width / len(columns)
    data: list[list[object]] = [[field_label(c, langs) for c in columns]]
    for r, row in enumerate(rows):
        line: list[object] = []
        for c in range(len(columns)):
            prefilled = names[c] if (names and r == 0 and c < len(names)) else ""
            # room to write below the label, whatever the label's height
            parts = [*label(row, langs, size=7), (cell_text(prefilled), TextStyle(size=9))]
            line.append([TextBlock(parts), Spacer(1, 20)])
        data.append(line)
    return table(data, [col] * len(columns), [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
    ])
