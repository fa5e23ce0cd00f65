"""The catalogs as shipped: complete, no fuzzy, placeholders kept, Burmese in Unicode."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from screening_app.i18n import FormText, _, reload_catalogs, set_language, translate
from screening_app.i18n.catalogs import (
    DOMAINS,
    TRANSLATED_LANGUAGES,
    UI_DOMAIN,
    compile_all,
    load_compiled,
    placeholders,
    po_path,
    write_catalog,
)
from screening_app.i18n.zawgyi import looks_like_zawgyi

CATALOGS = [(lang, domain) for lang in TRANSLATED_LANGUAGES for domain in DOMAINS
            if po_path(lang, domain).exists()]


def _read(lang: str, domain: str, base: Path | None = None) -> Catalog:
    with po_path(lang, domain, base).open("rb") as fp:
        return read_po(fp, locale=lang, domain=domain)


def _strings(message: object) -> list[str]:
    s = message.string  # type: ignore[attr-defined]
    return [s] if isinstance(s, str) else list(s)


def _ids(message: object) -> list[str]:
    i = message.id  # type: ignore[attr-defined]
    return [i] if isinstance(i, str) else list(i)


@pytest.fixture(scope="module", autouse=True)
def compiled() -> None:
    compile_all()
    reload_catalogs()


def test_every_language_has_a_ui_catalog() -> None:
    for lang in (*TRANSLATED_LANGUAGES, "en"):
        assert po_path(lang, UI_DOMAIN).exists(), lang


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_catalog_is_fully_translated_and_not_fuzzy(lang: str, domain: str) -> None:
    cat = _read(lang, domain)
    untranslated = [m.id for m in cat if m.id and not all(_strings(m))]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert untranslated == [], f"{lang}/{domain}: {len(untranslated)} untranslated"
    assert fuzzy == []


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_translations_keep_the_placeholders(lang: str, domain: str) -> None:
    for m in _read(lang, domain):
        if not m.id:
            continue
        allowed = [placeholders(i) for i in _ids(m)]
        for s in _strings(m):
            assert placeholders(s) in allowed, (lang, m.id, s)


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_header_says_the_translations_await_field_review(lang: str, domain: str) -> None:
    text = po_path(lang, domain).read_text(encoding="utf-8")
    assert "await review by native speakers" in text.split("msgid", 1)[0]


@pytest.mark.parametrize("domain", DOMAINS)
def test_burmese_catalog_has_no_zawgyi(domain: str) -> None:
    if not po_path("my", domain).exists():
        pytest.skip(f"no {domain} catalog yet")
    zawgyi = [s for m in _read("my", domain) if m.id for s in _strings(m)
              if looks_like_zawgyi(s)]
    assert zawgyi == []


def test_translation_with_other_placeholders_is_refused_at_load_time(tmp_path: Path) -> None:
    cat = Catalog(locale="th", domain=UI_DOMAIN)
    cat.add("Case {ref} saved", "บันทึกกรณี {reference} แล้ว")      # wrong name
    cat.add("{count} answers", "{count} คำตอบ")                      # right
    write_catalog(cat, po_path("th", UI_DOMAIN, tmp_path))
    compile_all(tmp_path)
    loaded = load_compiled("th", UI_DOMAIN, tmp_path)
    assert loaded.gettext("Case {ref} saved") == "Case {ref} saved"   # source, never a crash
    assert loaded.gettext("{count} answers") == "{count} คำตอบ"
    assert loaded.refused == {"Case {ref} saved"}


def test_each_text_is_looked_up_in_its_own_catalog() -> None:
    question = "Do you need a doctor or medical help right now?"     # only in forms.po
    as_form_text = translate(FormText(question, "identification 1.0"), "th")
    assert as_form_text != question and "หมอ" in as_form_text
    assert translate(question, "th") == question          # a plain string: program catalog only
    assert translate(FormText("Interrupted.", "identification 1.0"), "th") == "Interrupted."
    assert translate("Interrupted.", "th") != "Interrupted."
    # A context the catalog does not know gives the English, not another version's words.
    assert translate(FormText(question, "identification 0.9"), "th") == question


def test_shipped_catalogs_translate_at_display_time() -> None:
    try:
        set_language("th")
        assert _("Cancel") != "Cancel" or translate("Cancel") == "Cancel"
        assert translate("Type the date as in this example: {example}", "km").startswith("សូម")
        set_language("en")
        assert _("Type the date as in this example: {example}").startswith("Type")
    finally:
        set_language("en")


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_all_six_languages_have_one_plural_form(lang: str, domain: str) -> None:
    # CLDR: km, zh, lo, my, th and vi do not inflect for number (Babel lacks "my").
    assert _read(lang, domain).num_plurals == 1
