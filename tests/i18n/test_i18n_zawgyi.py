"""Burmese typed in Zawgyi is caught and stored as Unicode."""

from __future__ import annotations

import pytest

from screening_app.i18n.zawgyi import (
    convert_zawgyi,
    looks_like_zawgyi,
    normalise_burmese,
    to_unicode,
    zawgyi_probability,
)

# (as a Zawgyi keyboard stores it, the same words in Unicode)
SAMPLES = [
    ("ေႂကြးၿမီ", "ကြွေးမြီ"),                       # debt
    ("ျမန္မာ", "မြန်မာ"),                           # Myanmar
    ("ေက်ာင္း", "ကျောင်း"),                         # school
    ("ႏွင့္", "နှင့်"),                              # and
    ("ကၽြန္ေတာ္", "ကျွန်တော်"),                     # I (man speaking)
    ("ေမြးေန႔", "မွေးနေ့"),                          # birthday
    ("အလုပ္ရွင္က ပတ္စပို႔ကို ယူထားသလား", "အလုပ်ရှင်က ပတ်စပို့ကို ယူထားသလား"),
]


@pytest.mark.parametrize(("zawgyi", "unicode"), SAMPLES)
def test_zawgyi_is_detected_and_converted(zawgyi: str, unicode: str) -> None:
    assert looks_like_zawgyi(zawgyi)
    assert not looks_like_zawgyi(unicode)
    assert convert_zawgyi(zawgyi) == unicode
    result = normalise_burmese(zawgyi)
    assert result.was_zawgyi and result.text == unicode


def test_unicode_and_other_scripts_are_left_alone() -> None:
    # Short Unicode words can score high on the detector; they must stay as typed.
    unicode_words = ("ကြွေးမြီ ပေးရမည်", "ဘာသာစကား", "ထိုသူ၏ ဘာသာစကား")
    for text in (*unicode_words, "Sok Dara", "สวัสดี", "", "KH-2026-0001"):
        assert to_unicode(text) == text
        assert not normalise_burmese(text).was_zawgyi
    assert zawgyi_probability("Sok Dara") == 0.0
