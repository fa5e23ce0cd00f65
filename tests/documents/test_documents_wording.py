"""Program labels corrected everywhere (issue 21), read back from printed PDFs: the
gender label a receiving agency reads, the stamp on every page, the polite "you"
of the consent record handed to an adult."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from documents_samples import (
    TODAY,
    have_poppler,
    pdftotext,
    png_pages,
    recipient,
    sample_case,
    sender,
)

from screening_app.documents import render_consent_record, render_referral
from screening_app.domain import Gender

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")


def _squash(text: str) -> str:
    return "".join(text.split())


# HTCDS 2.0 names transgender and non-conforming persons by three values of their own;
# none may read as "gender not stated" (the mistake of issue 21).
@pytest.mark.parametrize(("lang", "gender", "right", "wrong"), [
    ("th", Gender.TRANSGENDER_FEMININE, "คนข้ามเพศ (หญิง)", "ไม่ระบุเพศ"),
    ("lo", Gender.TRANSGENDER_MASCULINE, "ຄົນຂ້າມເພດ (ຊາຍ)", "ບໍ່ລະບຸເພດ"),
    ("km", Gender.NON_CONFORMING, "មិនកំណត់ខ្លួនតាមភេទប្រុស ឬស្រី", "មិនកំណត់ភេទ"),
])
def test_the_referral_names_a_transgender_person_rightly(lang: str, gender: Gender, right: str,
                                                          wrong: str, tmp_path: Path,
                                                          artifacts_dir: Path) -> None:
    case = sample_case(lang)
    case = replace(case, person=replace(case.person, gender=gender))
    pdf = render_referral(case, sender=sender(), recipient=recipient(lang),
                          languages=[lang], today=TODAY)
    text = _squash(pdftotext(pdf, tmp_path))
    assert _squash(right) in text and _squash(wrong) not in text
    png_pages(pdf, artifacts_dir / f"documents-gender-{lang}")


def test_the_vietnamese_consent_record_is_polite_and_confidential(tmp_path: Path,
                                                                 artifacts_dir: Path) -> None:
    pdf = render_consent_record(sample_case("vi"), "vi", today=TODAY)
    text = pdftotext(pdf, tmp_path)
    assert "BẢO MẬT" in text                    # "MẬT" alone is a state-secret level
    assert "anh/chị" in text and "bạn" not in text.lower()
    assert "Anh/chị có thể dừng lại bất cứ lúc nào" in text
    png_pages(pdf, artifacts_dir / "documents-consent-vi")


def test_the_chinese_consent_record_addresses_an_adult_with_nin(tmp_path: Path) -> None:
    text = pdftotext(render_consent_record(sample_case("zh_Hans"), "zh_Hans", today=TODAY),
                     tmp_path)
    assert "您可以随时停止" in text and "你" not in text
