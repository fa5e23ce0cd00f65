"""Pixel snapshots of reference strings per script, drawn through the documents
text path (ICU breaks, font runs, shaping, setRise fix) and rendered by pdftoppm.

Regenerate after an intended change (then LOOK at the PNGs before committing):

    SCREENING_APP_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest \
        tests/documents/test_documents_snapshots.py
"""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pytest
from documents_samples import have_poppler
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

import screening_app.documents  # noqa: F401 - applies the ReportLab fixes
from screening_app.documents.text import TextBlock, TextStyle

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("SCREENING_APP_UPDATE_SNAPSHOTS") == "1"

# Stacked consonants, vowels above and below, medials, tone marks, mixed scripts.
REFERENCE = {
    "km": "ប្រទេសកម្ពុជា ប្រទេសកម្ពុជា ស្ត្រី ក្ស្ម ឈ្មោះ Sok Dara",
    "lo": "ປະເທດລາວ ແມ່ຍິງ ຫຼວງພະບາງ ຊື່ Bounmy",
    "my": "မြန်မာနိုင်ငံ အမျိုးသမီး ကျွန်ုပ် Aung Myint",
    "th": "ประเทศไทย ผู้หญิง กรุงเทพฯ ชื่อ-นามสกุล Somsri",
    "zh_Hans": "中华人民共和国 转介表 姓名：李小红 Li",
    "vi": "Nguyễn Thị Hương, Đà Nẵng, người được giới thiệu",
}
WIDTH, HEIGHT = 230, 130


def render(text: str, lang: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT), invariant=1)
    block = TextBlock([(text, TextStyle(size=15, lang=lang))])
    _w, h = block.wrap(WIDTH - 20, HEIGHT)
    block.drawOn(canvas, 10, HEIGHT - 10 - h)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def to_png(pdf: bytes, target: Path) -> Image.Image:
    src = target.with_suffix(".pdf")
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "96", "-gray", "-png", "-singlefile", str(src),
                    str(target.with_suffix(""))], check=True)
    return Image.open(target).convert("L")


@pytest.mark.parametrize("lang", sorted(REFERENCE))
def test_reference_strings_look_as_recorded(lang: str, artifacts_dir: Path) -> None:
    rendered = to_png(render(REFERENCE[lang], lang), artifacts_dir / f"documents-snap-{lang}.png")
    stored = SNAPSHOTS / f"{lang}.png"
    if UPDATE or not stored.exists():
        if not UPDATE:
            pytest.fail(f"no snapshot {stored.name}: run with SCREENING_APP_UPDATE_SNAPSHOTS=1")
        rendered.save(stored, optimize=True)
        return
    expected = Image.open(stored).convert("L")
    assert rendered.size == expected.size
    diff = ImageChops.difference(rendered, expected)
    hist = diff.histogram()
    changed = sum(hist[64:])
    inked = sum(Image.eval(expected, lambda v: 255 if v < 128 else 0).histogram()[255:])
    # anti-aliasing may move a little between poppler versions; a lost subscript,
    # a box or a wrong break changes far more than this
    assert changed <= max(12, inked // 50), (
        f"{lang}: {changed} pixels differ from {stored}; see test-artifacts/"
        f"documents-snap-{lang}.png")
