"""Switching language at run time: listeners hear it, `_()` follows it."""

from __future__ import annotations

from screening_app.i18n import (
    _,
    current_language,
    normalise_language,
    on_language_changed,
    reload_catalogs,
    set_language,
)
from screening_app.i18n.catalogs import compile_all

MSG = "This date does not exist. Check the day, month and year."


def test_set_language_tells_listeners_and_changes_text() -> None:
    compile_all()
    reload_catalogs()
    heard: list[str] = []
    remove = on_language_changed(heard.append)
    try:
        set_language("lo")
        lao = _(MSG)
        set_language("zh-CN")
        chinese = _(MSG)
        set_language("zh_Hans")          # same language: nobody is disturbed
        remove()
        set_language("vi")
        assert heard == ["lo", "zh_Hans"]
        assert current_language() == "vi"
        assert lao.startswith("ບໍ່ມີ")
        assert chinese == "没有这个日期。请检查日、月、年。"
    finally:
        remove()
        set_language("en")
    assert _(MSG) == MSG


def test_language_codes_people_use_are_understood() -> None:
    assert normalise_language("th_TH") == "th"
    assert normalise_language("zh-Hans-CN") == "zh_Hans"
    assert normalise_language("my_MM") == "my"
