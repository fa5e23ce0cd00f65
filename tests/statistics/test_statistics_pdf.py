"""The statistics PDF in all seven languages, read back with poppler: every text has
its glyphs (no U+FFFD drawn), fonts embedded, the language's digits and calendar, no
suppressed count drawn; pages rendered to test-artifacts/ to be looked at."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from documents_samples import have_poppler, pdffonts, pdftotext, png_pages
from test_statistics_suppression import _cases

from screening_app.documents import fonts
from screening_app.documents.statistics import drawn_texts, render_statistics
from screening_app.i18n import LANGUAGES, translate
from screening_app.i18n.format import to_native_digits
from screening_app.statistics.report import make_report
from screening_app.statistics.request import StatisticsRequest
from screening_app.statistics.variables import facts_of, months_between

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")
DIMS = ("deceptive_recruitment", "coercive_recruitment", "exploitative_conditions")


def _report(n: int = 700):  # type: ignore[no-untyped-def]
    months = months_between("2025-01", "2025-06")
    facts = facts_of(_cases(n, 9, months), {"deceptive_recruitment": 200,
                                            "coercive_recruitment": 4}, months, DIMS)
    request = StatisticsRequest(date_from=date(2025, 1, 1), date_to=date(2025, 6, 30))
    return make_report(facts, request, date(2026, 3, 14), forms=("identification 1.0",),
                       rule_sets=("ilo-2009-working 0.1",), program_version="0.1.0")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_in_each_language(lang: str, tmp_path: Path, artifacts_dir: Path) -> None:
    report = _report()
    for text in drawn_texts(report, lang):
        for run in fonts.runs(fonts.clean(text.replace("\n", " "))):
            assert "\ufffd" not in run.drawn, (lang, text)
    pdf = render_statistics(report, lang)
    assert pdf.startswith(b"%PDF") and len(pdf) < 400_000
    text = "".join(pdftotext(pdf, tmp_path).split())
    assert "".join(translate("Screening and referral statistics", lang).split()) in text
    assert "".join(translate("Methods", lang).split()) in text
    for row in pdffonts(pdf, tmp_path):
        assert (row[-5], row[-4]) == ("yes", "yes"), row
    total = f"{report.tables.values[report.table('outcome').total]:,}".replace(",", "")
    native = to_native_digits(total, lang) if lang in ("km", "lo", "my", "th") else total
    assert native in text.replace(",", "").replace(".", "")
    if lang == "th":
        assert "2568" in to_native_ascii(text)            # Buddhist Era
    pages = png_pages(pdf, artifacts_dir / f"statistics-{lang}")
    assert 3 <= len(pages) <= 8


def to_native_ascii(text: str) -> str:
    from screening_app.i18n.format import to_ascii_digits

    return to_ascii_digits(text)


def test_suppressed_counts_never_drawn(tmp_path: Path) -> None:
    """Every count under k appears nowhere as a number: the PDF holds its mark."""
    report = _report(120)
    pdf = render_statistics(report, "en", native_digits=False)
    text = pdftotext(pdf, tmp_path)
    assert "<11" in text and " x" in text.replace("\n", " ")
    assert report.protection.below_k and report.protection.hidden


def test_latin_digits_on_request(tmp_path: Path) -> None:
    pdf = render_statistics(_report(), "km", native_digits=False)
    text = pdftotext(pdf, tmp_path)
    assert "700" in text and "៧០០" not in text


def test_bad_language_refused() -> None:
    from screening_app.errors import Refused

    with pytest.raises(Refused):
        render_statistics(_report(50), "xx")
