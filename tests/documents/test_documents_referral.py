"""Referral forms in every language pair, read back with poppler (pdftotext,
pdffonts, pdftoppm). Rendered pages go to test-artifacts/ to be looked at."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from documents_samples import (
    PEOPLE,
    TODAY,
    have_poppler,
    pdffonts,
    pdftotext,
    png_pages,
    recipient,
    sample_case,
    sender,
)

from screening_app.documents import fonts, render_consent_record, render_referral
from screening_app.documents.labels import each, native_name
from screening_app.documents.referral import qr_content
from screening_app.errors import Refused
from screening_app.i18n import translate
from screening_app.i18n.fonts import Script, find_font
from screening_app.i18n.format import format_date

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")

LANGS = ["km", "zh_Hans", "lo", "my", "th", "vi"]
PAIRS = [(lang, other) for lang in LANGS for other in ("en", "th") if lang != other]
KEY_LABELS = ["Case reference", "Person referred", "Receiving agency", "Signatures"]


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("lang", "other"), PAIRS)
def test_referral_in_each_language_pair(lang: str, other: str, tmp_path: Path,
                                        artifacts_dir: Path) -> None:
    case = sample_case(lang)
    pdf = render_referral(case, sender=sender(), recipient=recipient(lang),
                          languages=[other, lang], packet_id="01900000-aaaa-7000-8000-0000000000ff",
                          packet_hash="9f86d081884c7d659a2feaa0c55ad015",
                          officer_note=PEOPLE[lang][4], today=TODAY)
    assert pdf.startswith(b"%PDF") and len(pdf) < 300_000
    text = _squash(pdftotext(pdf, tmp_path))
    for msg in KEY_LABELS:
        for code in (lang, other):
            assert _squash(translate(msg, code)) in text, (msg, code)
    _family, _given, latin, _country, note = PEOPLE[lang]
    assert _squash(native_name(case)) in text
    assert _squash(latin) in text
    assert _squash(note) in text
    assert case.reference in text
    assert case.id not in text                      # never the internal id
    for code in (lang, other):
        assert _squash(format_date(TODAY, code)) in text
    rows = pdffonts(pdf, tmp_path)
    assert rows
    for row in rows:
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row    # every font embedded as a subset
    pages = png_pages(pdf, artifacts_dir / f"documents-referral-{lang}-{other}")
    assert 1 <= len(pages) <= 3


def test_thai_date_is_buddhist_era(tmp_path: Path) -> None:
    pdf = render_referral(sample_case("km"), sender=sender(), recipient=recipient("km"),
                          languages=["th", "km"], today=TODAY)
    assert "14 มีนาคม พ.ศ. 2569" in pdftotext(pdf, tmp_path)


def test_three_languages_letter_size(tmp_path: Path) -> None:
    pdf = render_referral(sample_case("my"), sender=sender(), recipient=recipient("my"),
                          languages=["th", "my", "en"], page_size="Letter", today=TODAY,
                          officer_note=PEOPLE["my"][4] * 8)
    path = tmp_path / "l.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "612 x 792 pts" in info
    title = next(li for li in info.splitlines() if li.startswith("Title:"))
    assert "Aung" not in info and "TH-MSK" not in info and "Referral" in title  # no personal data
    pages = int(next(li for li in info.splitlines() if li.startswith("Pages:")).split()[1])
    text = pdftotext(pdf, tmp_path)
    for n in range(1, pages + 1):
        assert translate("Page {page} of {pages}", "en").format(page=n, pages=pages) in text
    assert text.count(translate("CONFIDENTIAL", "en")) == pages


def test_refused_without_consent_to_share() -> None:
    with pytest.raises(Refused) as refused:
        render_referral(sample_case("km", share=False), sender=sender(),
                        recipient=recipient("km"), languages=["th", "km"])
    assert "consent" in refused.value.message.lower()


def test_child_lawful_exception_allows_printing(tmp_path: Path) -> None:
    case = sample_case("lo", share=False)
    case.consent = replace(case.consent, lawful_exception="Unaccompanied child, best interests")
    pdf = render_referral(case, sender=sender(), recipient=recipient("lo"),
                          languages=["lo", "en"], today=TODAY)
    assert "Unaccompanied child" in pdftotext(pdf, tmp_path)


def test_refused_for_bad_languages_and_page_size() -> None:
    kw = {"sender": sender(), "recipient": recipient("km")}
    with pytest.raises(Refused):
        render_referral(sample_case("km"), languages=[], **kw)
    with pytest.raises(Refused):
        render_referral(sample_case("km"), languages=["km", "th", "en", "vi"], **kw)
    with pytest.raises(Refused):
        render_referral(sample_case("km"), languages=["xx"], **kw)
    with pytest.raises(Refused):
        render_referral(sample_case("km"), languages=["km"], page_size="A3", **kw)


def test_qr_holds_packet_id_and_short_hash() -> None:
    assert qr_content("abc", "0123456789abcdef0123") == "SRP:abc:0123456789abcdef"


def test_consent_record_in_the_persons_language(tmp_path: Path, artifacts_dir: Path) -> None:
    for lang in ("km", "my"):
        pdf = render_consent_record(sample_case(lang), lang, "th", today=TODAY)
        text = _squash(pdftotext(pdf, tmp_path))
        assert _squash(translate("Consent record", lang)) in text
        assert _squash(PEOPLE[lang][2]) in text
        png_pages(pdf, artifacts_dir / f"documents-consent-{lang}")


def test_missing_script_font_refuses_instead_of_boxes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    latin = find_font(Script.LATIN)
    thai = find_font(Script.THAI)
    assert latin and thai
    for f in (latin, thai):
        (tmp_path / f.path.name).write_bytes(f.path.read_bytes())
    monkeypatch.setenv("SCREENING_APP_SYSTEM_FONTS", "0")
    monkeypatch.setenv("SCREENING_APP_FONT_DIRS", str(tmp_path))
    fonts.forget()
    try:
        with pytest.raises(Refused) as refused:
            render_referral(sample_case("my"), sender=sender(), recipient=recipient("my"),
                            languages=["th", "en"])
        assert "Myanmar" in refused.value.message
    finally:
        monkeypatch.undo()
        fonts.forget()


def test_long_note_flows_over_pages_and_stays_whole(tmp_path: Path) -> None:
    note = (PEOPLE["km"][4] + " ") * 120
    case = sample_case("km")
    pdf = render_referral(case, sender=sender(), recipient=recipient("km"),
                          languages=["km", "en"], officer_note=note, today=TODAY)
    pages = pdftotext(pdf, tmp_path).split("\f")[:-1]
    assert len(pages) >= 3
    furniture = {_squash(text) for text in each("CONFIDENTIAL", ["km", "en"])}
    furniture.add(case.reference)
    for n in range(1, len(pages) + 1):
        furniture |= {_squash(t.format(page=n, pages=len(pages)))
                      for t in each("Page {page} of {pages}", ["km", "en"])}

    def is_furniture(line: str) -> bool:
        rest = _squash(line)
        for f in sorted(furniture, key=len, reverse=True):
            rest = rest.replace(f, "")
        return not rest.replace("·", "")

    body = "".join(line for page in pages for line in page.splitlines()
                   if not is_furniture(line))
    assert _squash(note) in _squash(body)


def test_outcome_names_urgent_needs_dimensions_and_indicators(tmp_path: Path) -> None:
    from screening_app.screening import dimension_label, indicator_label, load_form

    case = sample_case("vi")
    pdf = render_referral(case, sender=sender(), recipient=recipient("vi"),
                          languages=["vi", "en"], today=TODAY)
    text = _squash(pdftotext(pdf, tmp_path))
    question = load_form("identification", "1.0").question("urgent_medical").text
    for lang in ("vi", "en"):
        assert _squash(translate(question, lang)) in text
        assert _squash(translate(indicator_label("deceived_about_wages"), lang)) in text
        assert _squash(translate(dimension_label("deceptive_recruitment"), lang)) in text
        assert _squash(translate("Rule set", lang)) in text
    assert "ilo-2009-working" in text


@pytest.mark.parametrize(("lang", "expected"), [
    ("vi", "Nguyễn Thị Hương"), ("th", "สมศรี ใจดี"), ("km", "សុខ ដារា"), ("zh_Hans", "李小红")])
def test_names_are_printed_in_their_own_order(lang: str, expected: str) -> None:
    assert native_name(sample_case(lang)) == expected
