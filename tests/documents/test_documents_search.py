"""Searchable text: the share of characters pdftotext gets back, per script, for
labels, names and notes. Numbers are written to test-artifacts/documents-search.txt
(and quoted in docs/documents.md)."""

from __future__ import annotations

import difflib
import io
import subprocess
from pathlib import Path

import pytest
from documents_samples import PEOPLE, have_poppler
from reportlab.pdfgen.canvas import Canvas

from screening_app.documents import text as doc_text
from screening_app.documents.labels import each
from screening_app.documents.text import TextBlock, TextStyle
from screening_app.i18n.format import full_name

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")

LABELS = ["Person referred", "Name (Latin letters)", "Receiving agency", "Case reference",
          "Consent to share for referral", "Signatures"]
EXTRA = {
    "km": ["ប្រទេសកម្ពុជា ស្ត្រី ក្ស្ម ឈ្មោះ ក្រសួងសង្គមកិច្ច"],
    "lo": ["ຫຼວງພະບາງ ແມ່ຍິງ ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ"],
    "my": ["အမျိုးသမီး ကျွန်ုပ် လူမှုဝန်ထမ်းဦးစီးဌာန"],
    "th": ["ผู้หญิง กรุงเทพฯ ชื่อ-นามสกุล บ้านพักเด็กและครอบครัว"],
    "zh_Hans": ["转介表 姓名 民政部救助中心"],
    "vi": ["Trung tâm Bảo trợ Xã hội, Đà Nẵng"],
}


def samples(lang: str) -> list[str]:
    family, given, _latin, _c, note = PEOPLE[lang]
    return [full_name(given, family), note, *EXTRA[lang],
            *[t for m in LABELS for t in each(m, [lang]) if t != m]]


def recovered(strings: list[str], tmp: Path) -> float:
    """Share of the characters of `strings` found in order in pdftotext's output."""
    total = found = 0
    for i, s in enumerate(strings):
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=(400, 200), invariant=1)
        block = TextBlock([(s, TextStyle(size=11))])
        _w, h = block.wrap(380, 200)
        block.drawOn(canvas, 10, 190 - h)
        canvas.showPage()
        canvas.save()
        pdf = tmp / f"s{i}.pdf"
        pdf.write_bytes(out.getvalue())
        got = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                             capture_output=True, text=True).stdout
        src, got = "".join(s.split()), "".join(got.split())
        matcher = difflib.SequenceMatcher(None, src, got, autojunk=False)
        found += sum(b.size for b in matcher.get_matching_blocks())
        total += len(src)
    return found / total


def test_text_comes_back_from_every_script(tmp_path: Path, artifacts_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    report = ["script   with ActualText   glyphs only"]
    for lang in ("km", "lo", "my", "th", "zh_Hans", "vi"):
        with_span = recovered(samples(lang), tmp_path)
        monkeypatch.setattr(doc_text, "ACTUAL_TEXT", False)
        bare = recovered(samples(lang), tmp_path)
        monkeypatch.setattr(doc_text, "ACTUAL_TEXT", True)
        report.append(f"{lang:8} {with_span:17.1%} {bare:13.1%}")
        assert with_span >= 0.99, (lang, with_span)
    (artifacts_dir / "documents-search.txt").write_text("\n".join(report) + "\n")
