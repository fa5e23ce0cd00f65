"""One text, one catalog (issue 21): form texts are looked up in the forms catalog
under their form version's context, program texts in the program's catalog, and a
text found in both is translated the same way in both."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from screening_app.i18n import FormText, reload_catalogs, translate
from screening_app.i18n.catalogs import (
    FORMS_DOMAIN,
    TRANSLATED_LANGUAGES,
    UI_DOMAIN,
    compile_all,
    po_path,
)
from screening_app.screening import load_form


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    compile_all()
    reload_catalogs()


def _catalog(lang: str, domain: str, base: Path | None = None) -> Catalog:
    with po_path(lang, domain, base).open("rb") as fp:
        return read_po(fp, locale=lang, domain=domain)


def disagreements(lang: str, base: Path | None = None) -> list[tuple[str, str, str]]:
    """(msgid, program's translation, forms translation) wherever the same English is
    translated differently in the two catalogs of `lang` (any form version)."""
    program = {str(m.id): m.string for m in _catalog(lang, UI_DOMAIN, base)
               if m.id and not m.context}          # context "Qt": Qt's own strings
    return [(str(m.id), str(program[str(m.id)]), str(m.string))
            for m in _catalog(lang, FORMS_DOMAIN, base)
            if m.id and str(m.id) in program and m.string != program[str(m.id)]]


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_a_text_in_both_catalogs_is_translated_the_same(lang: str) -> None:
    assert disagreements(lang) == []


def test_the_check_finds_a_disagreement(tmp_path: Path) -> None:
    from screening_app.i18n.catalogs import write_catalog

    ui = Catalog(locale="th", domain=UI_DOMAIN)
    ui.add("Does not know", "ไม่รู้")
    ui.add("Cancel", "ยกเลิก")
    forms = Catalog(locale="th", domain=FORMS_DOMAIN)
    forms.add("Does not know", "ไม่ทราบ", context="identification 1.0")
    forms.add("Cancel", "ยกเลิก", context="identification 1.0")
    write_catalog(ui, po_path("th", UI_DOMAIN, tmp_path))
    write_catalog(forms, po_path("th", FORMS_DOMAIN, tmp_path))
    assert disagreements("th", tmp_path) == [("Does not know", "ไม่รู้", "ไม่ทราบ")]


def _labels_of_1_0() -> dict[str, FormText]:
    """The eight texts of identification 1.0 that the program's catalog also has."""
    form = load_form("identification", "1.0")
    knew = form.question("before_knew_work")
    return {
        "Yes": knew.option("yes").label,                               # type: ignore[union-attr]
        "No": knew.option("no").label,                                 # type: ignore[union-attr]
        "Does not know": knew.option("unknown").label,                 # type: ignore[union-attr]
        "Prefers not to say": knew.option("refused").label,            # type: ignore[union-attr]
        "None": form.question("documents_held").option("none").label,  # type: ignore[union-attr]
        "Other": form.question("transport").option("other").label,     # type: ignore[union-attr]
        "Country": form.question("events").sub_question("country").text,  # type: ignore
        "Consent": form.sections[1].title,
    }


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_the_eight_shadowed_labels_show_their_forms_translation(lang: str) -> None:
    forms = _catalog(lang, FORMS_DOMAIN)
    labels = _labels_of_1_0()
    assert sorted(labels) == sorted(["Yes", "No", "Does not know", "Prefers not to say",
                                     "None", "Other", "Country", "Consent"])
    for english, text in labels.items():
        assert isinstance(text, FormText) and text == english
        expected = forms.get(english, "identification 1.0").string
        assert expected and translate(text, lang) == expected, (lang, english)


def test_the_labels_the_program_hid_on_main() -> None:
    labels = _labels_of_1_0()
    # On main the program's catalog answered first: ไม่รู้, ไม่อยากบอก, "Không muốn nói", 无.
    assert translate(labels["Does not know"], "th") == "ไม่ทราบ"
    assert translate(labels["Prefers not to say"], "th") == "ไม่ขอตอบ"
    assert translate(labels["Prefers not to say"], "vi") == "Không muốn trả lời"
    assert translate(labels["None"], "zh_Hans") == "没有"
