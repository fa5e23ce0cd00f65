"""Any part of any name finds its case, in every script (property-based)."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening_app.domain import Consent, Person

SAMPLES = ["សុខស្រីមុំចាន់ដារា", "สมบูรณ์มาลัยใจดี", "ພົມມະວົງບຸນມີ", "အောင်ကျော်မင်းသီတာ",
           "王小明李娜张伟", "Nguyễn Thị Đào Trần Văn Hùng", "Maria O'Brien-Santos"]


@st.composite
def name_and_part(draw: st.DrawFn) -> tuple[str, str, str]:
    sample = draw(st.sampled_from(SAMPLES))
    words = [w for w in sample.split(" ") if w]
    word = draw(st.sampled_from(words))
    start = draw(st.integers(0, len(word) - 1))
    end = draw(st.integers(start + 1, min(len(word), start + 6)))
    part = word[start:end]
    field = draw(st.sampled_from(["given_name", "family_name", "latin_name"]))
    return sample, part, field


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=name_and_part(), upper=st.booleans())
def test_any_part_of_a_name_finds_the_case(session, case, upper: bool) -> None:
    name, part, field = case
    created = session.cases.create(Person(**{field: name}), Consent())
    query = part.upper() if upper else part
    if upper or field == "latin_name":
        # the same letters without accents must find it too
        query = "".join(c for c in unicodedata.normalize("NFD", query)
                        if not 0x300 <= ord(c) < 0x370)
    found = [c.id for c in session.cases.search(query, limit=1000)]
    assert created.id in found, (name, part, query)
