"""The referral form says why the person is referred (HTCDS reason and details), the
person's gender in HTCDS 2.0 words and every citizenship, and each agency's type
and service, in each language of the form. Pages go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents_samples import TODAY, have_poppler, pdftotext, png_pages, recipient, sample_case
from documents_samples import sender as sample_sender

from screening_app.documents import render_referral
from screening_app.domain import Gender, ReferralReason
from screening_app.i18n import translate
from screening_app.standards.labels import AGENCY_SERVICE, GENDER, REFERRAL_REASON

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")

DETAILS = {"km": "ត្រូវការកន្លែងស្នាក់នៅ និងការព្យាបាល", "th": "ต้องการที่พักและการรักษา"}


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize(("lang", "other"), [("km", "th"), ("th", "km")])
def test_reason_details_gender_and_citizenship_are_printed(lang: str, other: str,
                                                           tmp_path: Path,
                                                           artifacts_dir: Path) -> None:
    case = sample_case(lang)
    case.person.gender = Gender.TRANSGENDER_FEMININE
    case.person.citizenship = ["KH", "TH"]
    to = recipient(lang)
    pdf = render_referral(case, sender=sample_sender(), recipient=to, languages=[lang, other],
                          packet_id="01900000-aaaa-7000-8000-0000000000ff", today=TODAY,
                          reason=ReferralReason.MIGRATION_OR_MOVE, details=DETAILS[lang])
    text = _squash(pdftotext(pdf, tmp_path))
    for code in (lang, other):
        for msg in ("Reason for referral", REFERRAL_REASON[ReferralReason.MIGRATION_OR_MOVE],
                    GENDER[Gender.TRANSGENDER_FEMININE], "Citizenship"):
            assert _squash(translate(msg, code)) in text, (msg, code)
        assert to.service is not None
        assert _squash(translate(AGENCY_SERVICE[to.service], code)) in text
    assert _squash(DETAILS[lang]) in text
    for country in ({"km": "កម្ពុជា", "th": "กัมพูชา"}[lang], {"km": "ថៃ", "th": "ไทย"}[lang]):
        assert country in text
    png_pages(pdf, artifacts_dir / f"documents-referral-reason-{lang}-{other}")


def test_without_a_reason_the_form_has_no_reason_row(tmp_path: Path) -> None:
    pdf = render_referral(sample_case("vi"), sender=sample_sender(), recipient=recipient("vi"),
                          languages=["vi"], today=TODAY)
    assert "Lýdochuyểngửi" not in _squash(pdftotext(pdf, tmp_path))
