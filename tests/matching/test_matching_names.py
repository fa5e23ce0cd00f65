"""Names in every script of the region become Latin words and sound keys that
meet the way people spell them; the score gives its reasons."""

from __future__ import annotations

from datetime import date

import pytest

from screening_app.domain import Gender, Person
from screening_app.matching import blocking_keys, compare, latin_words, profile_of
from screening_app.matching.sound import skeleton, sound

DAY = date(2026, 1, 1)


@pytest.mark.parametrize(("written", "latin"), [
    ("សុខ ចាន់ថា", "sok chantha"),          # Khmer: ICU has no transform
    ("ស្រីពៅ", "sreipov"),
    ("សំណាង", "samnang"),
    ("សុភា", "sophea"),                     # o-series vowel
    ("โสก จันทา", "sok chantha"),           # Thai: syllables, not ICU's ISO 11940
    ("สมชาย ใจดี", "somchai chaidi"),
    ("สมศักดิ์", "somsak"),                  # karan
    ("พรทิพย์", "phonthip"),
    ("ສົມສັກ ພົມມະຈັນ", "somsak phommachan"),  # Lao: ICU has no transform
    ("ສຸກສະຫວັນ", "souksavan"),
    ("ແກ້ວ", "kaeo"),
    ("အောင်ကျော်", "aungkyaw"),              # Burmese: conventional, not ICU's
    ("မြင့်", "myint"),
    ("ဦး ထွန်းထွန်း", "htunhtun"),           # honorific U left out
    ("王小明", "wangxiaoming"),              # Chinese: ICU pinyin
    ("Nguyễn Văn Minh", "nguyen van minh"),  # Latin-ASCII
    ("Đặng", "dang"),
])
def test_latin_words(written: str, latin: str) -> None:
    assert " ".join(latin_words(written)) == latin


@pytest.mark.parametrize(("a", "b"), [
    ("phommachanh", "phomachan"), ("somsack", "somsak"), ("bounmy", "bunmi"),
    ("vilay", "wilai"), ("khamphone", "khamphon"), ("jaidee", "chaidi"),
    ("thidar", "thida"), ("keo", "kaeo"), ("htet", "tet"),
])
def test_spellings_sound_alike(a: str, b: str) -> None:
    assert sound(a) == sound(b)
    assert skeleton(sound(a)) == skeleton(sound(b))


def test_same_person_across_scripts_scores_high_with_reasons() -> None:
    khmer = profile_of(Person(family_name="សុខ", given_name="ចាន់ថា", gender=Gender.FEMALE,
                              nationality="KH", estimated_age=16), DAY)
    thai = profile_of(Person(family_name="โสก", given_name="จันทา", gender=Gender.FEMALE,
                             nationality="KH", estimated_age=17), DAY)
    latin = profile_of(Person(latin_name="Chantha Sok", nationality="KH"), DAY)
    assert blocking_keys(khmer) & blocking_keys(thai) & blocking_keys(latin)
    match = compare(khmer, thai, DAY)
    assert match.score > 0.95
    assert [r.code for r in match.reasons] == ["name_sound", "ages", "nationality_same",
                                                "gender_same"]
    assert match.reasons[1].values == (16, 17)
    assert compare(khmer, latin, DAY).score > 0.9


def test_age_estimates_move_with_time_and_far_ages_lower_the_score() -> None:
    then = profile_of(Person(latin_name="Sok Dara", estimated_age=15), date(2023, 6, 1))
    now = profile_of(Person(latin_name="Sok Dara", estimated_age=17), DAY)
    assert then.age_at(DAY) == 17
    assert [r.code for r in compare(then, now, DAY).reasons] == ["name_same", "ages"]
    old = profile_of(Person(latin_name="Sok Dara", estimated_age=40), DAY)
    assert compare(now, old, DAY).score < 0.8


def test_genders_are_htcds_2_0_values_and_an_older_index_entry_reads_as_one() -> None:
    from screening_app.matching import Profile
    from screening_app.matching.reasons import reason_text

    new = profile_of(Person(latin_name="Sok Dara", gender=Gender.FEMININE), DAY)
    old = Profile.from_dict({**new.to_dict(), "gender": "Female"})     # written before 2.0
    assert old.gender == new.gender == "Feminine"
    same = compare(new, old, DAY).reasons[-1]
    assert same.code == "gender_same" and reason_text(same) == "same gender: Feminine"
    other = profile_of(Person(latin_name="Sok Dara", gender=Gender.TRANSGENDER_FEMININE), DAY)
    assert "gender_same" not in [r.code for r in compare(new, other, DAY).reasons]
    assert "gender_differs" not in [r.code for r in compare(new, other, DAY).reasons]


def test_different_genders_or_nationalities_are_reasons_against() -> None:
    a = profile_of(Person(latin_name="Kim Sreymom", gender=Gender.FEMALE, nationality="KH"), DAY)
    b = profile_of(Person(latin_name="Kim Sreymom", gender=Gender.MALE, nationality="VN"), DAY)
    match = compare(a, b, DAY)
    assert {r.code for r in match.reasons} >= {"gender_differs", "nationality_differs"}
    assert match.score < 0.6


def test_reasons_read_in_the_officers_language() -> None:
    from screening_app.i18n import set_language
    from screening_app.matching.reasons import reasons_text

    a = profile_of(Person(latin_name="Sok Chantha", nationality="KH", estimated_age=16), DAY)
    b = profile_of(Person(latin_name="Sok Chanta", nationality="KH", estimated_age=17), DAY)
    match = compare(a, b, DAY)
    try:
        set_language("en")
        english = reasons_text(match, "en")
        assert "names sound alike in Latin: 1.00" in english      # same sound, two spellings
        assert "ages 16 and 17" in english and "both Cambodia" in english
        set_language("km")
        khmer = reasons_text(match, "km")
        assert "Cambodia" not in khmer and "កម្ពុជា" in khmer
        assert "names sound alike" not in khmer
    finally:
        set_language("en")
