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
    load_compiled,
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
    assert load_compiled("th", UI_DOMAIN, base).gettext("Case {ref} saved") == \
        "บันทึกกรณี {ref} แล้ว"


def _entries(path: Path) -> dict[tuple[str, str | None], tuple[str, list[str]]]:
    with path.open("rb") as fp:
        return {(str(m.id), m.context): (str(m.string), list(m.user_comments))
                for m in read_po(fp) if m.id}


def test_a_new_form_version_starts_with_the_previous_versions_translations(
        tmp_path: Path) -> None:
    _project(tmp_path, 'from x import _\n_("Save")\n')
    base = tmp_path / "locales"
    update_po("th", FORMS_DOMAIN, extract(FORMS_DOMAIN, tmp_path), base)
    forms_po = po_path("th", FORMS_DOMAIN, base)
    # Each text of a form carries its form version as gettext context.
    assert set(_entries(forms_po)) == {("Tiny form", "tiny 1.0"), ("About you", "tiny 1.0"),
                                       ("Did someone keep your passport?", "tiny 1.0")}
    with forms_po.open("rb") as fp:
        cat = read_po(fp, locale="th")
    cat.get("Did someone keep your passport?", "tiny 1.0").string = "มีคนเก็บพาสปอร์ตไว้ไหม"
    cat.get("Did someone keep your passport?", "tiny 1.0").user_comments = ["checked"]
    cat.get("Tiny form", "tiny 1.0").string = "แบบฟอร์มเล็ก"
    write_catalog(cat, forms_po)

    # Version 1.1 keeps one question and words the title differently.
    newer = FORM.replace('version: "1.0"', 'version: "1.1"').replace("Tiny form", "Small form")
    (tmp_path / "forms" / "tiny-1.1.yaml").write_text(newer, encoding="utf-8")
    assert update_po("th", FORMS_DOMAIN, extract(FORMS_DOMAIN, tmp_path), base)
    entries = _entries(forms_po)
    assert entries[("Did someone keep your passport?", "tiny 1.1")] == (
        "มีคนเก็บพาสปอร์ตไว้ไหม", ["checked"])            # carried over, with the comment
    assert entries[("Small form", "tiny 1.1")] == ("", [])   # new English: to translate
    assert entries[("Tiny form", "tiny 1.0")][0] == "แบบฟอร์มเล็ก"   # 1.0 keeps its words

    # A correction in 1.1 stays in 1.1: 1.0 is not rewritten by the next update.
    with forms_po.open("rb") as fp:
        cat = read_po(fp, locale="th")
    cat.get("Did someone keep your passport?", "tiny 1.1").string = "มีใครเก็บหนังสือเดินทางไว้ไหม"
    write_catalog(cat, forms_po)
    update_po("th", FORMS_DOMAIN, extract(FORMS_DOMAIN, tmp_path), base)
    entries = _entries(forms_po)
    assert entries[("Did someone keep your passport?", "tiny 1.0")][0] == "มีคนเก็บพาสปอร์ตไว้ไหม"
    assert entries[("Did someone keep your passport?", "tiny 1.1")][0] == \
        "มีใครเก็บหนังสือเดินทางไว้ไหม"
