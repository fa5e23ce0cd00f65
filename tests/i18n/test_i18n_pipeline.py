"""`make i18n` on a small project: extraction into two domains, updates that keep
translations and the review note, no churn when nothing changed."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from screening_app.i18n.catalogs import (
    FORMS_DOMAIN,
    UI_DOMAIN,
    compile_all,
    extract,
    load_chain,
    po_path,
    update_po,
    write_catalog,
)

CFG = """[python: app/**.py]

[screening_forms: forms/**.yaml]
"""
FORM = """kind: form
id: tiny
version: "1.0"
title: Tiny form
sections:
  - id: s1
    title: About you
    questions:
      - id: q1
        type: yes_no
        text: Did someone keep your passport?
"""


def _project(root: Path, code: str) -> None:
    (root / "app").mkdir(exist_ok=True)
    (root / "forms").mkdir(exist_ok=True)
    (root / "babel.cfg").write_text(CFG, encoding="utf-8")
    (root / "app" / "screen.py").write_text(code, encoding="utf-8")
    (root / "forms" / "tiny.yaml").write_text(FORM, encoding="utf-8")


def _ids(path: Path) -> dict[str, str]:
    with path.open("rb") as fp:
        return {str(m.id): str(m.string) for m in read_po(fp) if m.id}


def test_update_extracts_both_domains_and_keeps_translations(tmp_path: Path) -> None:
    _project(tmp_path, 'from x import _, N_\nA = N_("Save")\n_("Case {ref} saved")\n')
    base = tmp_path / "locales"
    ui, forms = extract(UI_DOMAIN, tmp_path), extract(FORMS_DOMAIN, tmp_path)
    assert update_po("th", UI_DOMAIN, ui, base) and update_po("th", FORMS_DOMAIN, forms, base)
    ui_po, forms_po = po_path("th", UI_DOMAIN, base), po_path("th", FORMS_DOMAIN, base)
    assert set(_ids(ui_po)) == {"Save", "Case {ref} saved"}
    assert "Did someone keep your passport?" in _ids(forms_po)
    assert "Save" not in _ids(forms_po)                      # each text in one domain
    assert "await review by native speakers" in ui_po.read_text(encoding="utf-8")

    # A translator fills one message; the code then drops "Save" and adds "Cancel".
    with ui_po.open("rb") as fp:
        cat = read_po(fp, locale="th")
    cat["Case {ref} saved"].string = "บันทึกกรณี {ref} แล้ว"
    write_catalog(cat, ui_po)
    _project(tmp_path, 'from x import _\n_("Case {ref} saved")\n_("Cancel")\n')
    assert update_po("th", UI_DOMAIN, extract(UI_DOMAIN, tmp_path), base)
    assert _ids(ui_po) == {"Case {ref} saved": "บันทึกกรณี {ref} แล้ว", "Cancel": ""}
    assert "await review by native speakers" in ui_po.read_text(encoding="utf-8")

    # Nothing changed: the file is left alone (no date churn in git).
    before = ui_po.read_bytes()
    assert not update_po("th", UI_DOMAIN, extract(UI_DOMAIN, tmp_path), base)
    assert ui_po.read_bytes() == before

    compile_all(base)
    assert load_chain("th", base).gettext("Case {ref} saved") == "บันทึกกรณี {ref} แล้ว"
