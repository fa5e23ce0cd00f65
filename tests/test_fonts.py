from screening_app.i18n.fonts import Script, find_font, script_runs


def test_mixed_text_splits_into_script_runs() -> None:
    runs = script_runs("ឈ្មោះ Sok Dara KH-01")
    assert [s for s, _ in runs] == [Script.KHMER, Script.LATIN]
    assert "".join(t for _, t in runs) == "ឈ្មោះ Sok Dara KH-01"


def test_every_script_has_a_font_on_this_machine() -> None:
    for script in Script:
        assert find_font(script) is not None, script
