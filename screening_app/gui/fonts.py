"""Registers the script fonts with Qt (temporary: replaced by
screening_app.i18n.qt.register_fonts_with_qt when the languages layer lands).

The choice of font file per script stays in screening_app.i18n.fonts; this module
only hands those files to Qt and builds the family fallback list, so Khmer, Lao,
Burmese, Thai and Chinese never draw as empty boxes.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from screening_app.i18n.fonts import Script, find_font


def register_fonts() -> tuple[list[str], list[Script]]:
    """Register one font per script; return (family fallback list, missing scripts)."""
    families: list[str] = []
    missing: list[Script] = []
    for script in Script:
        found = find_font(script)
        if found is None:
            missing.append(script)
            continue
        font_id = QFontDatabase.addApplicationFont(str(found.path))
        names = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if names:
            families.append(names[0])
        else:
            missing.append(script)
    return families, missing


def apply_families(base: QFont, families: list[str]) -> QFont:
    """`base` with the script families as fallbacks after its own family."""
    font = QFont(base)
    if families:
        font.setFamilies([*families])
    return font
