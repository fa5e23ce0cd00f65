"""The setRise fix (documents/rlfixes.py): without it, the second "ប្រទេសកម្ពុជា"
of a paragraph loses its subscript and "ជា" sinks below the line."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from screening_app.documents import fonts, rlfixes
from screening_app.documents.text import shaped
from screening_app.i18n.fonts import Script

WORD = "ប្រទេសកម្ពុជា"
_OP = re.compile(r"(-?[\d.]+) Ts|(\(.*?\) Tj|\[.*?\] TJ)")


@pytest.fixture
def unfixed() -> Iterator[None]:
    rlfixes.remove()
    try:
        yield
    finally:
        rlfixes.apply()


def rises_per_glyph_run(text: str) -> list[float]:
    """The baseline rise in force at each text-drawing operator of a shaped line."""
    font = fonts.font_for(Script.KHMER).name
    canvas = Canvas(io.BytesIO())
    obj = canvas.beginText(0, 0)
    obj.setFont(font, 20)
    obj.textOut(shaped(text, font, 20.0)[0])
    rise, out = 0.0, []
    for m in _OP.finditer(obj.getCode()):
        if m.group(1) is not None:
            rise = float(m.group(1))
        else:
            out.append(rise)
    return out


def draws_consistently() -> bool:
    once = rises_per_glyph_run(WORD)
    twice = rises_per_glyph_run(f"{WORD} {WORD}")
    # a lowered subscript, then back on the line; the space joins the last run of
    # the first word, so the second word repeats the first one's rises exactly
    return min(once) < 0 and once[-1] == 0.0 and twice == once + once[1:]


def test_repeated_word_is_drawn_the_same_each_time() -> None:
    assert draws_consistently()


def test_unfixed_reportlab_is_caught_by_this_check(unfixed: None) -> None:
    if draws_consistently():
        pytest.skip("ReportLab's own setRise is correct now: rlfixes.py can go")
    assert not draws_consistently()


def _ink_boxes(png: Path) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the ink of each word on a one-line image (words are
    separated by a run of empty columns)."""
    img = Image.open(png).convert("L")
    w, h = img.size
    px = img.load()
    cols = [any(px[x, y] < 128 for y in range(h)) for x in range(w)]
    boxes, start, blank = [], None, 0
    for x, ink in enumerate([*cols, False, False, False, False, False, False, False, False]):
        if ink:
            start = x if start is None else start
            blank = 0
        elif start is not None:
            blank += 1
            if blank > 6:
                end = x - blank
                rows = [y for y in range(h) if any(px[c, y] < 128 for c in range(start, end + 1))]
                boxes.append((start, min(rows), end, max(rows)))
                start, blank = None, 0
    return boxes


def test_paragraph_pixels_repeat(tmp_path: Path, artifacts_dir: Path) -> None:
    """The scenario of TECH-NOTES: a shaped Paragraph repeating the word."""
    import subprocess

    font = fonts.font_for(Script.KHMER).name
    pdf = tmp_path / "rise.pdf"
    doc = SimpleDocTemplate(str(pdf), pagesize=(560, 80), leftMargin=10, rightMargin=10,
                            topMargin=10, bottomMargin=10)
    doc.build([Paragraph(f"{WORD} {WORD} {WORD}",
                         ParagraphStyle("k", fontName=font, fontSize=20, leading=34, shaping=1))])
    subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", str(pdf),
                    str(artifacts_dir / "documents-setrise")], check=True)
    boxes = _ink_boxes(artifacts_dir / "documents-setrise.png")
    assert len(boxes) == 3, boxes
    heights = {b[3] - b[1] for b in boxes}
    bottoms = {b[3] for b in boxes}
    assert max(heights) - min(heights) <= 1, boxes     # same subscript in every occurrence
    assert max(bottoms) - min(bottoms) <= 1, boxes     # nothing sinks below the line
