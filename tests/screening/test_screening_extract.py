"""Form texts become gettext messages through the Babel extractor, and the model shows
exactly the extracted text (so translations are found)."""

from __future__ import annotations

import io

from babel.messages.extract import extract

from screening_app.paths import FORMS_DIR
from screening_app.screening import load_form
from screening_app.screening.indicators import catalogue


def _messages(path: str) -> dict[str, list[str]]:
    with (FORMS_DIR / path).open("rb") as f:
        data = f.read()
    found = extract("screening_app.i18n.extract:extract_form", io.BytesIO(data))
    return {m[1]: m[2] for m in found}


def test_every_text_of_the_form_is_extracted() -> None:
    msgs = _messages("identification/identification-1.0.yaml")
    form = load_form("identification")
    texts = {form.title}
    for s in form.sections:
        texts |= {s.title, s.intro} - {""}
        for q in s.questions:
            for item in (q, *q.questions):
                texts |= {item.text, item.help, item.item_label} - {""}
                texts |= {o.label for o in item.options if o.value not in
                          ("yes", "no", "unknown", "refused") or item.type.value != "yes_no"}
                texts |= {v.message for v in item.validate}
    assert texts - set(msgs) == set()
    assert msgs["Do you need a doctor or medical help right now?"] == [
        "urgent_medical, text"]


def test_indicator_labels_and_rule_texts_are_extracted() -> None:
    labels = _messages("indicators/labels.yaml")
    assert set(catalogue().labels.indicators.values()) <= set(labels)
    rules = _messages("rules/ilo-2009-default.yaml")
    assert any(m.startswith("A recruitment dimension") for m in rules)
