"""What every page of a document carries, and the document template.

Every page: a "confidential" marking and the case reference at the top, "page x
of y" at the bottom, each in every language of the document. The total is known
only at the end, so the canvas keeps each page until `save` (the usual
ReportLab recipe) and draws the furniture then.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import segno
from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from screening_app.documents import fonts
from screening_app.documents.labels import GREY, RED, each
from screening_app.documents.text import TextStyle, draw_text
from screening_app.errors import Refused
from screening_app.i18n import N_, _
from screening_app.i18n.fonts import Script

PAGE_SIZES = {"A4": A4, "LETTER": LETTER}
MARGIN = 14 * mm
HEADER = 8 * mm      # band above the body for the marking and the case reference
FOOTER = 7 * mm


def page_size(name: str) -> tuple[float, float]:
    found = PAGE_SIZES.get(name.upper())
    if found is None:
        raise Refused(_("Unknown page size {name}: use A4 or Letter.").format(name=name[:20]))
    return found


@dataclass
class Furniture:
    langs: list[str]
    reference: str

    def draw(self, canv: Any, page: int, pages: int) -> None:
        width, height = canv._pagesize
        inner = width - 2 * MARGIN
        canv.saveState()
        marking = "  ·  ".join(each(N_("CONFIDENTIAL"), self.langs))
        top = height - MARGIN + 4
        draw_text(canv, marking, TextStyle(size=8.5, bold=True, color=RED), MARGIN, top,
                  inner * 0.62, fit=True)
        draw_text(canv, self.reference, TextStyle(size=8.5, bold=True, align="right"),
                  MARGIN + inner * 0.62, top, inner * 0.38, fit=True)
        numbers = "  ·  ".join(
            text.format(page=page, pages=pages)
            for text in each(N_("Page {page} of {pages}"), self.langs))
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.4)
        canv.line(MARGIN, MARGIN - 3, width - MARGIN, MARGIN - 3)
        draw_text(canv, numbers, TextStyle(size=7.5, color=GREY, align="center"), MARGIN,
                  MARGIN - 5, inner, fit=True)
        canv.restoreState()


def canvas_maker(furniture: Furniture) -> type[Canvas]:
    """A canvas class that draws `furniture` on every page once the page count is known."""
    initial_font = fonts.font_for(Script.LATIN).name

    class PagedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # our own font from the start: no stray unembedded Helvetica in the file
            kwargs["initialFontName"] = initial_font
            kwargs["invariant"] = 1     # same input, same bytes
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept_pages)
            for number, state in enumerate(self._kept_pages, start=1):
                self.__dict__.update(state)
                furniture.draw(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas


def build(story: list[Flowable], *, size: tuple[float, float], furniture: Furniture,
          title: str) -> bytes:
    """Lay out `story` on pages of `size` and return the PDF."""
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER, bottomMargin=MARGIN + FOOTER,
        title=title, author="", subject="", creator="screening-app", producer="screening-app",
        invariant=1,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=canvas_maker(furniture))
    return out.getvalue()


class QRCode(Flowable):
    """A QR code drawn as vector squares (segno computes the matrix)."""

    def __init__(self, content: str, size: float) -> None:
        super().__init__()
        self._qr = segno.make(content, error="m", micro=False)
        self.size = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        rows = [list(r) for r in self._qr.matrix_iter(border=0)]
        cell = self.size / len(rows)
        canv = self.canv
        canv.setFillColor(black)
        for y, row in enumerate(rows):
            for x, dark in enumerate(row):
                if dark:
                    canv.rect(x * cell, self.size - (y + 1) * cell, cell, cell, stroke=0, fill=1)

