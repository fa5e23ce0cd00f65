"""Whatever people type (any script, right-to-left text pasted by mistake, very
long words, nothing at all), printing gives a valid PDF and never an exception."""

from __future__ import annotations

from datetime import date

from documents_samples import TODAY, recipient, sample_case, sender
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening_app.documents import render_consent_record, render_referral

# Khmer, Lao, Myanmar, Thai, CJK, Vietnamese letters, Arabic and Hebrew (RTL),
# combining marks, joiners and spaces.
ALPHABET = st.one_of(
    st.characters(min_codepoint=0x1780, max_codepoint=0x17FF),
    st.characters(min_codepoint=0x0E80, max_codepoint=0x0EFF),
    st.characters(min_codepoint=0x1000, max_codepoint=0x109F),
    st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.sampled_from("ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệ abcXYZ-0123 \n\t"),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.characters(min_codepoint=0x05D0, max_codepoint=0x05EA),
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\u202e", "\ufeff", "\u0301", "\u17d2"]),
)
TEXT = st.text(ALPHABET, max_size=60)
LONG_WORD = st.text(ALPHABET.filter(lambda c: not c.isspace()), min_size=80, max_size=300)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family=TEXT, given_name=TEXT, latin=st.one_of(TEXT, LONG_WORD),
       note=st.one_of(st.none(), TEXT, LONG_WORD), address=st.one_of(st.none(), LONG_WORD),
       langs=st.lists(st.sampled_from(["en", "km", "zh_Hans", "lo", "my", "th", "vi"]),
                      min_size=1, max_size=3, unique=True))
def test_any_text_prints_a_valid_pdf(family: str, given_name: str, latin: str,
                                     note: str | None, address: str | None,
                                     langs: list[str]) -> None:
    case = sample_case("km")
    case.person.family_name = family
    case.person.given_name = given_name
    case.person.latin_name = latin
    case.person.address = address
    case.person.birth_date = None
    pdf = render_referral(case, sender=sender(), recipient=recipient("km"), languages=langs,
                          officer_note=note, today=TODAY, packet_id=latin[:40] or None)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


@settings(max_examples=6, deadline=None)
@given(family=st.one_of(TEXT, LONG_WORD), lang=st.sampled_from(["km", "my", "lo", "th"]))
def test_consent_record_with_any_name(family: str, lang: str) -> None:
    case = sample_case(lang)
    case.person.family_name = family
    pdf = render_consent_record(case, lang, "en", today=date(2026, 1, 1))
    assert pdf.startswith(b"%PDF-")
