"""Qt speaks our languages: its own buttons and menus, every script drawn with real glyphs."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QFocusEvent, QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from screening_app.i18n import AUTONYMS, LANGUAGES, _, reload_catalogs, set_language
from screening_app.i18n.catalogs import DOMAINS, TRANSLATED_LANGUAGES, compile_all, po_path
from screening_app.i18n.fonts import LANGUAGE_SCRIPT, Script, missing_fonts_message, script_of
from screening_app.i18n.format import format_date, person_name
from screening_app.i18n.qt import (
    font_families,
    install_qt_translator,
    install_zawgyi_guard,
    multiscript_font,
    raw_font,
    register_fonts_with_qt,
    retranslate_on_language_change,
    uninstall_qt_translator,
)


def _settle() -> None:
    """Deliver the LanguageChange events without running a nested event loop.

    PySide6 6.12 aborts at interpreter exit ("deallocating None") when a nested
    event loop (qtbot.waitUntil/qWait) deletes widgets left over by some earlier
    GUI tests; processEvents() does not run those deferred deletions."""
    for _round in range(3):
        QApplication.processEvents()


@pytest.fixture
def qt_lang(qapp: object) -> object:
    compile_all()
    reload_catalogs()
    assert register_fonts_with_qt() == []
    install_qt_translator()
    yield qapp
    set_language("en")
    uninstall_qt_translator()


def test_message_box_buttons_in_khmer(qt_lang: object, qtbot: QtBot) -> None:
    set_language("km")
    box = QMessageBox(QMessageBox.Icon.Question, "?", "?",
                      QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel
                      | QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    texts = {b: box.button(b).text() for b in (QMessageBox.StandardButton.Ok,
                                               QMessageBox.StandardButton.Cancel,
                                               QMessageBox.StandardButton.Yes,
                                               QMessageBox.StandardButton.No)}
    assert texts[QMessageBox.StandardButton.Ok] == "យល់ព្រម"
    assert texts[QMessageBox.StandardButton.Cancel] == "បោះបង់"
    assert texts[QMessageBox.StandardButton.Yes] == "បាទ/ចាស"
    assert texts[QMessageBox.StandardButton.No] == "ទេ"


def test_buttons_follow_a_language_change_without_restart(qt_lang: object,
                                                          qtbot: QtBot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(buttons)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.text() == "Save"
    # processEvents, not qtbot.waitUntil: a full event loop here would also run
    # deferred deletions left by earlier GUI tests (see _settle).
    set_language("th")
    _settle()
    assert save.text() == "บันทึก"
    set_language("vi")
    _settle()
    assert save.text() == "Lưu"
    set_language("en")
    _settle()
    assert save.text() == "Save"


def test_text_field_context_menu_in_lao(qt_lang: object, qtbot: QtBot) -> None:
    set_language("lo")
    field = QLineEdit("ສະບາຍດີ")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    labels = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    for word in ("ຍ້ອນຄືນ", "ເຮັດຄືນ", "ຕັດ", "ສຳເນົາ", "ວາງ", "ລຶບ", "ເລືອກທັງໝົດ"):
        assert word in labels, labels


def test_fallback_list_covers_every_script(qt_lang: object) -> None:
    families = font_families()
    assert len(families) == len(Script)
    assert multiscript_font(point_size=12).families() == families


def _translated_strings(lang: str) -> list[str]:
    out: list[str] = []
    for domain in DOMAINS:
        po = po_path(lang, domain)
        if not po.exists():
            continue
        with po.open("rb") as fp:
            for m in read_po(fp, locale=lang, domain=domain):
                if m.id:
                    out += [m.string] if isinstance(m.string, str) else list(m.string)
    return out


@pytest.mark.parametrize("lang", TRANSLATED_LANGUAGES)
def test_every_translated_character_has_a_glyph(qt_lang: object, lang: str) -> None:
    fonts = {s: raw_font(s) for s in Script}
    assert all(fonts.values())
    missing: set[str] = set()
    for text in _translated_strings(lang):
        for ch in set(text):
            if ch.isspace() or unicodedata.category(ch) == "Cf":
                continue   # joiners and breaks are not drawn
            script = script_of(ch)
            candidates = [fonts[script]] if script else list(fonts.values())
            if not any(f.supportsCharacter(ord(ch)) for f in candidates if f):
                missing.add(f"U+{ord(ch):04X} {ch!r} ({script})")
    assert missing == set()


SAMPLES = {
    "en": "English", "km": "ភាសាខ្មែរ", "zh_Hans": "中文", "lo": "ພາສາລາວ",
    "my": "မြန်မာဘာသာ", "th": "ภาษาไทย", "vi": "Tiếng Việt",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sample_widget_screenshot(qt_lang: object, qtbot: QtBot, lang: str,
                                  artifacts_dir: Path) -> None:
    set_language(lang)
    page = QWidget()
    qtbot.addWidget(page)
    page.setFont(multiscript_font(point_size=13))
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel(AUTONYMS[lang] + " — " + _(
        "Screening and referral of possible victims of human trafficking.")))
    day = date(2026, 3, 14)
    layout.addWidget(QLabel(format_date(day, lang) + "   "
                            + format_date(day, lang, native_digits=True)))
    layout.addWidget(QLabel(person_name("ដារ៉ា", "សុខ", "Sok Dara") + "   "
                            + person_name("伟", "王", "Wang Wei")))
    layout.addWidget(QLabel("   ".join(SAMPLES.values())))
    banner = QLabel(missing_fonts_message([Script.MYANMAR]))
    banner.setWordWrap(True)
    layout.addWidget(banner)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Help)
    layout.addWidget(buttons)
    page.resize(760, 200)
    page.show()
    page.adjustSize()
    qtbot.waitExposed(page)
    image = page.grab().toImage()
    assert image.save(str(artifacts_dir / f"i18n-sample-{lang}.png"))
    if lang == "km":
        assert "ភូមា" in banner.text()      # script name in the page's language (CLDR)
    if lang != "en":
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok).text()
        assert ok != "OK" or lang == "zh_Hans"
        assert LANGUAGE_SCRIPT[lang] in {script_of(c) for c in ok} | {Script.LATIN}


class _Title(QLabel):
    def retranslate(self) -> None:
        self.setText(_("Type the date as in this example: {example}").format(example="…"))


def test_widgets_retranslate_while_they_live(qt_lang: object, qtbot: QtBot) -> None:
    from screening_app.i18n import _listeners

    before = len(_listeners)
    parent = QWidget()
    qtbot.addWidget(parent)
    title = _Title(parent)
    retranslate_on_language_change(title)
    assert title.text().startswith("Type the date")
    set_language("my")
    assert title.text().startswith("ဤဥပမာအတိုင်း")
    set_language("zh_Hans")
    assert title.text().startswith("请按")
    title.deleteLater()
    QCoreApplication.sendPostedEvents(title, QEvent.Type.DeferredDelete)
    assert len(_listeners) == before
    set_language("th")      # no listener left that touches a deleted widget


def test_file_dialog_in_khmer(qt_lang: object, qtbot: QtBot) -> None:
    set_language("km")
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    buttons = {button.text() for button in dialog.findChildren(QPushButton)}
    assert {"មើលក្នុង៖", "ឈ្មោះឯកសារ៖", "ប្រភេទឯកសារ៖"} <= labels, labels
    assert {"បើក", "បោះបង់"} <= buttons, buttons


def test_zawgyi_typed_in_a_field_becomes_unicode_when_leaving_it(qt_lang: object,
                                                                 qtbot: QtBot) -> None:
    set_language("my")
    told: list[str] = []
    install_zawgyi_guard(QApplication.instance(), lambda _w, message: told.append(message))
    page = QWidget()
    qtbot.addWidget(page)
    name, other = QLineEdit(page), QLineEdit(page)
    layout = QVBoxLayout(page)
    layout.addWidget(name)
    layout.addWidget(other)
    seen_on_finish: list[str] = []
    name.editingFinished.connect(lambda: seen_on_finish.append(name.text()))
    page.show()
    qtbot.waitExposed(page)
    typed = QInputMethodEvent()
    typed.setCommitString("ေမာင္ေအာင္")          # Zawgyi keyboard: "မောင်အောင်"
    QApplication.sendEvent(name, typed)
    assert name.text() == "ေမာင္ေအာင္"
    # The person moves on (Tab): the field loses focus.
    QApplication.sendEvent(name, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert name.text() == "မောင်အောင်"
    assert seen_on_finish == ["မောင်အောင်"]        # handlers read Unicode, never Zawgyi
    assert told and "ဇော်ဂျီ" in told[0]
    # Unicode stays untouched.
    other.setText("ဘာသာစကား")
    QApplication.sendEvent(other, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert other.text() == "ဘာသာစကား" and len(told) == 1
