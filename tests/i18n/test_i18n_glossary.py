"""Key terms are translated the same way everywhere (issue 21).

The terms and how to find them in the English are in locales/glossary.yaml; each
language's word is in locales/<lang>/glossary.yaml, with its documented exceptions.
Every translation whose English uses a term must contain the language's word (its
`check` part: Khmer, Lao, Thai and Chinese do not inflect, so a substring check is
exact; Vietnamese and Burmese words were chosen to survive word order).

Form texts of a superseded form version (identification 1.0 once 1.1 exists) are
not checked: they are the words recorded interviews were asked in, and stay so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from screening_app.i18n.catalogs import (
    DOMAINS,
    FORMS_DOMAIN,
    TRANSLATED_LANGUAGES,
    po_path,
    version_key,
    write_catalog,
)
from screening_app.paths import LOCALES_DIR

# Parts of a source message that are code, not prose: placeholders, 'quoted keys',
# --options, dotted.names, the names of YAML keys and values, and words that merely
# contain a term.
_NOT_PROSE = re.compile(r"\{[^}]*\}|'[^']*'|--[\w-]+|\w+\.\w+|lower-case|\byes/no\b"
                        r"|person or officer|strong/medium/weak|strong, medium or weak")


def _yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def terms(base: Path = LOCALES_DIR) -> dict[str, re.Pattern[str]]:
    """term -> the pattern that finds it in English."""
    return {t: re.compile(spec["find"], re.IGNORECASE)
            for t, spec in _yaml(base / "glossary.yaml")["terms"].items()}


def glossary(lang: str, base: Path = LOCALES_DIR) -> dict[str, Any]:
    return _yaml(base / lang / "glossary.yaml")


def _check_word(entry: str | dict[str, str]) -> str:
    return entry if isinstance(entry, str) else entry["check"]


def _frozen(contexts: set[str]) -> set[str]:
    """Contexts of form versions that a newer version of the same form replaces."""
    newest: dict[str, str] = {}
    for ctx in contexts:
        form_id, _sep, version = ctx.rpartition(" ")
        if form_id and (form_id not in newest or
                        version_key(version) > version_key(newest[form_id])):
            newest[form_id] = version
    return {c for c in contexts if c.rpartition(" ")[0] in newest
            and c.rpartition(" ")[2] != newest[c.rpartition(" ")[0]]}


def violations(lang: str, base: Path = LOCALES_DIR) -> tuple[list[tuple[str, str, str | None]],
                                                             list[dict[str, str]]]:
    """([(term, msgid, context)] translations missing the word, [unused exceptions])."""
    found = terms(base)
    gloss = glossary(lang, base)
    words = {t: _check_word(e).lower() for t, e in gloss["terms"].items()}
    exceptions = gloss.get("exceptions") or []
    excused = {(e["term"], e["msgid"], e.get("context")) for e in exceptions}
    used: set[tuple[str, str, str | None]] = set()
    wrong: list[tuple[str, str, str | None]] = []
    for domain in DOMAINS:
        po = po_path(lang, domain, base)
        if not po.exists():
            continue
        with po.open("rb") as fp:
            cat = read_po(fp, locale=lang, domain=domain)
        frozen = _frozen({m.context for m in cat if m.context}) if domain == FORMS_DOMAIN \
            else set()
        for m in cat:
            if not m.id or m.context == "Qt" or m.context in frozen:
                continue      # Qt's own strings follow the OS wording; frozen: see above
            msgid = m.id if isinstance(m.id, str) else m.id[0]
            text = m.string if isinstance(m.string, str) else m.string[0]
            prose = _NOT_PROSE.sub("", msgid).replace("&", "")
            translation = text.replace("&", "").lower()
            for term, pattern in found.items():
                if not pattern.search(prose) or words[term] in translation:
                    continue
                key = (term, msgid, m.context)
                if key in excused:
                    used.add(key)
                else:
                    wrong.append(key)
    unused = [e for e in exceptions if (e["term"], e["msgid"], e.get("context")) not in used]
    return wrong, unused


def test_every_language_has_a_glossary_of_the_same_terms() -> None:
    for lang in TRANSLATED_LANGUAGES:
        gloss = glossary(lang)
        assert gloss["language"] == lang
        assert list(gloss["terms"]) == list(terms()), lang
        for entry in gloss["terms"].values():
            if isinstance(entry, dict):              # the checked part is in the word
                assert entry["check"] in entry["word"], entry
        for e in gloss.get("exceptions") or []:
            assert e["term"] in terms() and e["why"].strip(), e


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_key_terms_are_translated_with_the_glossary_word(lang: str) -> None:
    wrong, unused = violations(lang)
    assert wrong == []
    assert unused == [], "exceptions that no longer apply: remove them from the glossary"


def test_the_check_finds_a_wrong_word_and_honours_exceptions(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n  recruiter: {find: '\\brecruiters?\\b', note: x}\n", encoding="utf-8")
    (tmp_path / "th").mkdir()
    (tmp_path / "th" / "glossary.yaml").write_text(
        "language: th\nterms:\n  recruiter: {word: คนที่ชวนหรือพาคุณไป, check: คนที่ชวน}\n"
        "exceptions:\n  - {msgid: The recruiting fee, term: recruiter, why: not a person}\n",
        encoding="utf-8")
    cat = Catalog(locale="th", domain=FORMS_DOMAIN)
    question = "Did you depend on the recruiter for everything?"
    cat.add(question, "คุณต้องพึ่งนายหน้าในทุกเรื่องไหม", context="tiny 1.0")     # frozen
    cat.add(question, "คุณต้องพึ่งนายหน้าในทุกเรื่องไหม", context="tiny 1.1")     # wrong
    cat.add("Ask the recruiter", "ถามคนที่ชวนหรือพาไป", context="tiny 1.1")       # right
    write_catalog(cat, po_path("th", FORMS_DOMAIN, tmp_path))
    wrong, unused = violations("th", tmp_path)
    assert wrong == [("recruiter", question, "tiny 1.1")]
    assert [e["msgid"] for e in unused] == ["The recruiting fee"]
