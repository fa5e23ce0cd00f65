"""Bar charts drawn with ReportLab's canvas, labelled with the project's own text
layout (documents.text: ICU line breaks, per-script fonts, shaping), so a Khmer or
Burmese category name is as correct in a chart as in a table. ReportLab's own
chart library draws its labels with `drawString`, which does not shape.

A suppressed count is never drawn to scale: its bar is a short grey hatched stub
with the mark ("<11" or "x") beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from screening_app.documents.text import TextBlock, TextStyle

BAR = Color(0.16, 0.38, 0.62)
STUB = Color(0.78, 0.78, 0.78)
AXIS = Color(0.55, 0.55, 0.55)
LABEL_SHARE = 0.38          # of the width, for the category names
VALUE_WIDTH = 46.0          # points, for the number after the bar
STUB_WIDTH = 10.0


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None        # None: suppressed, not drawn to scale
    text: str                # the number or the mark, in the report's digits


class BarChart(Flowable):
    """Horizontal bars, one per category, the category's name on the left (wrapped
    to as many lines as it needs), the count (or mark) after the bar."""

    def __init__(self, bars: list[Bar], lang: str, size: float = 8.0,
                 row_gap: float = 3.0) -> None:
        super().__init__()
        self.bars = bars
        self.lang = lang
        self.size = size
        self.row_gap = row_gap
        self._rows: list[tuple[TextBlock, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        label_width = availWidth * LABEL_SHARE
        self._rows = []
        height = 0.0
        for bar in self.bars:
            block = TextBlock([(bar.label, TextStyle(size=self.size, lang=self.lang))])
            _w, h = block.wrap(label_width - 6, 10_000)
            row = max(h, self.size * 1.5) + self.row_gap
            self._rows.append((block, row))
            height += row
        self.height = height
        return availWidth, height

    def draw(self) -> None:
        canv = self.canv
        label_width = self.width * LABEL_SHARE
        plot = self.width - label_width - VALUE_WIDTH
        shown = [b.value for b in self.bars if b.value is not None]
        top = max(shown, default=0) or 1
        y = self.height
        canv.saveState()
        canv.setStrokeColor(AXIS)
        canv.setLineWidth(0.5)
        canv.line(label_width, 0, label_width, self.height)
        for bar, (block, row) in zip(self.bars, self._rows, strict=True):
            y -= row
            block.drawOn(canv, 0, y + (row - block.height) / 2)
            bar_height = self.size * 1.1
            bar_y = y + (row - bar_height) / 2
            if bar.value is None:
                width = STUB_WIDTH
                canv.setFillColor(STUB)
                canv.rect(label_width, bar_y, width, bar_height, stroke=0, fill=1)
                canv.setStrokeColor(Color(1, 1, 1))
                for x in range(2, int(width), 3):
                    canv.line(label_width + x, bar_y, label_width + x - 2, bar_y + bar_height)
            else:
                width = plot * bar.value / top
                canv.setFillColor(BAR)
                canv.rect(label_width, bar_y, width, bar_height, stroke=0, fill=1)
            value = TextBlock([(bar.text, TextStyle(size=self.size, lang=self.lang,
                                                    bold=bar.value is None))])
            _w, h = value.wrap(VALUE_WIDTH + plot - width - 4, 100)
            value.drawOn(canv, label_width + width + 3, y + (row - h) / 2)
        canv.restoreState()
