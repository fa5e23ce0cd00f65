"""Form texts become gettext messages through the Babel extractor, and the model shows
exactly the extracted text (so translations are found)."""

from __future__ import annotations

import io

import pytest
from babel.messages.extract import extract

from screening_app.i18n import FormText
from screening_app.paths import FORMS_DIR
from screening_app.screening import load_form
from screening_app.screening.indicators import catalogue


def _messages(path: str) -> dict[str | tuple[str, str], list[str]]:
    """message (or (context, message) for a form's texts) -> translator comments."""
    with (FORMS_DIR / path).open("rb") as f:
        data = f.read()
    found = extract("screening_app.i18n.extract:extract_form", io.BytesIO(data))
    return {(m[3], m[1]) if m[3] else m[1]: m[2] for m in found}


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_every_text_of_the_form_is_extracted_with_its_version(version: str) -> None:
    msgs = _messages(f"identification/identification-{version}.yaml")
    form = load_form("identification", version)
    texts = {form.title}
    for s in form.sections:
        texts |= {s.title, s.intro} - {""}
        for q in s.questions:
            for item in (q, *q.questions):
                texts |= {item.text, item.help, item.item_label, item.child_text} - {""}
                texts |= {label for o in item.options for label in (o.label, o.officer_label)
                          if label and isinstance(label, FormText)}
                texts |= {v.message for v in item.validate}
    # Every text the form shows is a FormText of this version, and is extracted as such.
    assert {type(t) for t in texts} == {FormText}
    assert {t.context for t in texts} == {f"identification {version}"}
    assert {(t.context, str(t)) for t in texts} - set(msgs) == set()
    assert msgs[(f"identification {version}", "Do you need a doctor or medical help right now?")
                ] == ["urgent_medical, text"]


def test_yes_no_answers_are_the_forms_own_words_from_1_1() -> None:
    old, new = load_form("identification", "1.0"), load_form("identification", "1.1")
    q_old, q_new = old.question("urgent_danger"), new.question("urgent_danger")
    # 1.0 has no yes_no_options: the program's labels (program catalog).
    assert [o.label for o in q_old.options] == ["Yes", "No", "Does not know",
                                                "Prefers not to say"]
    assert not any(isinstance(o.label, FormText) for o in q_old.options)
    # 1.1: what the person hears, and the officer's wording beside it.
    assert [(o.label, o.officer_text) for o in q_new.options] == [
        ("Yes", "Yes"), ("No", "No"), ("I don't know", "Does not know"),
        ("I prefer not to say", "Prefers not to say")]


def test_indicator_labels_and_rule_texts_are_extracted() -> None:
    labels = _messages("indicators/labels.yaml")
    assert set(catalogue().labels.indicators.values()) <= set(labels)
    rules = _messages("rules/ilo-2009-default.yaml")
    assert any(m.startswith("A recruitment dimension") for m in rules)
