"""Line breaking, font runs and missing fonts of documents/text.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from icu4py.breakers import LineBreaker

from screening_app.documents import fonts
from screening_app.documents.text import TextStyle, break_lines
from screening_app.errors import Refused
from screening_app.i18n.fonts import Script, find_font

SENTENCES = {
    "km": "ប្រទេសកម្ពុជាជាប្រទេសមួយនៅអាស៊ីអាគ្នេយ៍ ហើយរាជធានីគឺភ្នំពេញ",
    "th": "ประเทศไทยเป็นประเทศในเอเชียตะวันออกเฉียงใต้และมีเมืองหลวงคือกรุงเทพมหานคร",
    "lo": "ປະເທດລາວເປັນປະເທດໃນອາຊີຕາເວັນອອກສຽງໃຕ້ແລະມີນະຄອນຫຼວງວຽງຈັນ",
    "my": "မြန်မာနိုင်ငံသည်အရှေ့တောင်အာရှတွင်ရှိပြီးမြို့တော်မှာနေပြည်တော်ဖြစ်သည်",
    "zh_Hans": "中华人民共和国位于亚洲东部，首都是北京，人口众多，历史悠久。",
}


def _text(lines: list) -> str:  # type: ignore[type-arg]
    return "".join(r.text for line in lines for r in line.runs)


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_lines_break_only_at_word_boundaries(lang: str) -> None:
    text = SENTENCES[lang]
    style = TextStyle(size=10, lang=lang)
    lines = break_lines(text, style, 90)
    assert len(lines) >= 3
    assert _text(lines).replace(" ", "") == text.replace(" ", "")   # nothing added or lost
    assert "\u200b" not in _text(lines)
    boundaries = set()
    pos = 0
    for segment in LineBreaker(text, lang):
        pos += len(segment)
        boundaries.add(pos)
    pos = 0
    for line in lines[:-1]:
        pos += len("".join(r.text for r in line.runs))
        while pos < len(text) and text[pos] == " ":
            pos += 1                                   # trailing space dropped at the break
        assert pos in boundaries, (lang, pos)
    for line in lines:
        assert line.width <= 90 + 0.01


def test_latin_and_vietnamese_break_at_spaces() -> None:
    text = "Nguyễn Thị Hương worked in a garment factory near the border"
    lines = break_lines(text, TextStyle(size=10, lang="vi"), 120)
    words = [w for line in lines for w in "".join(r.text for r in line.runs).split()]
    assert words == text.split()


def test_long_ids_and_names_never_overflow() -> None:
    for text in ("KH-PNH-0001-000000000042-ABCDEFGHIJ", "x" * 200,
                 "ប្រទេសកម្ពុជា" * 20, "สมศรีใจดีมากมาย" * 10):
        for line in break_lines(text, TextStyle(size=9), 60):
            assert line.width <= 60 + 0.01, text[:10]


def test_forced_break_keeps_khmer_subscripts_with_their_consonant() -> None:
    text = "ស្ត្រីស្ត្រីស្ត្រីស្ត្រីស្ត្រីស្ត្រី"     # one long word, no break opportunity inside
    lines = break_lines(text, TextStyle(size=12), 40)
    assert len(lines) > 1
    for line in lines:
        drawn = "".join(r.text for r in line.runs)
        assert not drawn.endswith("\u17d2"), drawn     # never cut after a coeng sign
        assert not drawn.startswith(("\u17d2", "\u17b8", "\u17c1"))


def test_mixed_sentence_uses_one_font_per_script() -> None:
    text = "ឈ្មោះ Sok Dara លេខករណី TH-MSK-03-0042 ថ្ងៃទី 14"
    runs = fonts.runs(text)
    assert "".join(r.text for r in runs) == text
    by_font = {r.font.name for r in runs}
    assert by_font == {fonts.font_for(Script.KHMER).name, fonts.font_for(Script.LATIN).name}
    for r in runs:
        assert all(r.font.covers(ch) for ch in r.drawn), r


def test_characters_no_font_has_are_never_boxes() -> None:
    for text in ("مرحبا שלום Привет", "\U0001f600 \U00013000"):
        for r in fonts.runs(text):
            assert all(r.font.covers(ch) or ch == "?" for ch in r.drawn), r


@pytest.fixture
def only_latin_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    latin = find_font(Script.LATIN)
    assert latin is not None
    (tmp_path / latin.path.name).write_bytes(latin.path.read_bytes())
    monkeypatch.setenv("SCREENING_APP_SYSTEM_FONTS", "0")
    monkeypatch.setenv("SCREENING_APP_FONT_DIRS", str(tmp_path))
    fonts.forget()
    yield
    monkeypatch.undo()
    fonts.forget()


def test_missing_font_is_refused_naming_script_and_package(only_latin_fonts: None) -> None:
    with pytest.raises(Refused) as refused:
        break_lines("ឈ្មោះ Sok Dara", TextStyle(), 200)
    assert "Khmer" in refused.value.message
    assert "fonts-noto-core" in refused.value.message
    assert "Sok" not in refused.value.message
