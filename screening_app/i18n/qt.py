"""The bridge between our i18n and Qt (the only i18n module that imports Qt).

- `CatalogTranslator`: a QTranslator that answers Qt's own strings (dialog
  buttons, text-field context menus, file dialogs) from our gettext catalogs,
  through the table in `qt_strings`. `install_qt_translator()` installs it and
  swaps it whenever `set_language` is called; Qt then sends every widget a
  LanguageChange event, which re-labels standard buttons.
- `register_fonts_with_qt()`: registers every script font that `fonts` finds
  and returns the scripts that have none (the GUI shows `fonts.missing_fonts_message`
  in a banner, once).
- `font_families()` / `multiscript_font()`: the family fallback list (Latin first,
  then Khmer, Lao, Myanmar, Thai, Chinese) so any mix of scripts renders.
- `retranslate_on_language_change(widget)`: calls `widget.retranslate()` now and
  after every language change, for as long as the widget lives.
- `install_zawgyi_guard(app)`: Burmese typed in Zawgyi in any text field becomes
  Unicode when the field loses focus, and the person is told.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QWidget

from screening_app.i18n import catalog, current_language, on_language_changed
from screening_app.i18n.fonts import Script, find_font
from screening_app.i18n.qt_strings import QT_CONTEXT, QT_STRINGS

if TYPE_CHECKING:
    from PySide6.QtGui import QRawFont

# Order of the family fallback list: Latin first so digits and Latin letters in
# any sentence come from one font; Han last because its font also has Latin.
FALLBACK_ORDER: tuple[Script, ...] = (Script.LATIN, Script.KHMER, Script.LAO, Script.MYANMAR,
                                      Script.THAI, Script.HAN)

_families: dict[Script, str] = {}
_files: dict[Script, Path] = {}


class CatalogTranslator(QTranslator):
    """Qt's strings in one of our languages, from our catalogs."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def language(self) -> str:
        return self.lang

    def isEmpty(self) -> bool:
        return self.lang == "en"

    # Unknown strings come back unchanged. Not None: PySide6 drops a reference to
    # None for every None returned from this override, and after enough of Qt's
    # tr() calls the interpreter aborts ("deallocating None"). Not "": that blanks
    # the button. Qt applies %n after translate(), so returning the source is safe.
    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        if self.lang == "en":
            return source_text
        msgid = QT_STRINGS.get(source_text)
        if msgid is None:
            return source_text
        text = catalog(self.lang).pgettext(QT_CONTEXT, msgid)
        if text == msgid:
            return source_text
        return text.replace("{name}", "%1")


_installed: CatalogTranslator | None = None
_unsubscribe: Callable[[], None] | None = None


def install_qt_translator() -> CatalogTranslator:
    """Install the translator for the current language and keep it in step with
    `set_language`. Call once, after the QApplication exists."""
    global _unsubscribe
    translator = _swap(current_language())
    if _unsubscribe is None:
        _unsubscribe = on_language_changed(_on_language_changed)
    return translator


def uninstall_qt_translator() -> None:
    global _installed, _unsubscribe
    if _unsubscribe is not None:
        _unsubscribe()
        _unsubscribe = None
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
        _installed = None


def _on_language_changed(lang: str) -> None:
    _swap(lang)


def _swap(lang: str) -> CatalogTranslator:
    global _installed
    new = CatalogTranslator(lang)
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
    QCoreApplication.installTranslator(new)   # sends LanguageChange to every widget
    _installed = new
    return new


def register_fonts_with_qt(scripts: Iterable[Script] | None = None) -> list[Script]:
    """Register each script's font (regular and bold) with Qt, or only `scripts`'
    (the program starts with the language in use and registers the rest just after
    its first window is up); return the scripts without a font."""
    missing: list[Script] = []
    for script in Script if scripts is None else scripts:
        if script in _families:
            continue
        regular = find_font(script)
        if regular is None:
            missing.append(script)
            continue
        font_id = QFontDatabase.addApplicationFont(str(regular.path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            missing.append(script)
            continue
        _families[script] = families[0]
        _files[script] = regular.path
        bold = find_font(script, bold=True)
        if bold is not None and bold.bold:
            QFontDatabase.addApplicationFont(str(bold.path))
    return missing


def registered_family(script: Script) -> str | None:
    """The Qt family name of a script's registered font (None before registration)."""
    return _families.get(script)


def font_families() -> list[str]:
    """Families to set on a font so that every script renders (registered ones only)."""
    return [_families[s] for s in FALLBACK_ORDER if s in _families]


def multiscript_font(base: QFont | None = None, point_size: float | None = None) -> QFont:
    """A copy of `base` (or the default font) drawing all six scripts."""
    font = QFont(base) if base is not None else QFont()
    families = font_families()
    if families:
        font.setFamilies(families)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font


def raw_font(script: Script, pixel_size: float = 16) -> QRawFont | None:
    """The registered font file of `script` as a QRawFont, to check glyph coverage."""
    from PySide6.QtGui import QRawFont

    path = _files.get(script)
    if path is None:
        return None
    raw = QRawFont(str(path), pixel_size)
    return raw if raw.isValid() else None


def retranslate_on_language_change(widget: QObject,
                                   retranslate: Callable[[], object] | None = None) -> None:
    """Call `widget.retranslate()` (or `retranslate`) now and after every `set_language`,
    until the widget is destroyed. Holds the widget weakly: registering never keeps
    a closed window alive."""
    method = retranslate or widget.retranslate  # type: ignore[attr-defined]
    ref: Callable[[], Callable[[], object] | None]
    ref = weakref.WeakMethod(method) if hasattr(method, "__self__") else (lambda: method)
    remove: Callable[[], None] | None = None

    def listener(_lang: str) -> None:
        target = ref()
        if target is None:
            if remove is not None:
                remove()
            return
        target()

    remove = on_language_changed(listener)
    widget.destroyed.connect(lambda *_args: remove())
    method()


class ZawgyiGuard(QObject):
    """Application-wide event filter: when a text field loses focus, Burmese typed
    in Zawgyi is converted to Unicode in place, before the field's own handlers
    (editingFinished, saving) read it, and the person is told once per field."""

    def __init__(self, notify: Callable[[QWidget, str], None] | None = None) -> None:
        super().__init__()
        self.notify = notify or _show_zawgyi_tip

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.check(watched)
        return False

    def check(self, widget: QObject) -> bool:
        """Convert `widget`'s text if it is Zawgyi; True when it was converted."""
        # Qt's widget classes are loaded when a field first loses focus, not at start.
        from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

        from screening_app.i18n.zawgyi import has_burmese, normalise_burmese, zawgyi_warning

        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            text = widget.text()
            if has_burmese(text) and (result := normalise_burmese(text)).was_zawgyi:
                widget.setText(result.text)
                self.notify(widget, zawgyi_warning())
                return True
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            text = widget.toPlainText()
            if has_burmese(text) and (result := normalise_burmese(text)).was_zawgyi:
                widget.setPlainText(result.text)
                self.notify(widget, zawgyi_warning())
                return True
        return False


def _show_zawgyi_tip(widget: QWidget, message: str) -> None:
    from PySide6.QtWidgets import QToolTip

    widget.setToolTip(message)
    QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), message, widget)


_guard: ZawgyiGuard | None = None


def install_zawgyi_guard(app: QCoreApplication,
                         notify: Callable[[QWidget, str], None] | None = None) -> ZawgyiGuard:
    """Convert Zawgyi to Unicode in every text field of the application (once per app)."""
    global _guard
    if _guard is None:
        _guard = ZawgyiGuard(notify)
        app.installEventFilter(_guard)
    elif notify is not None:
        _guard.notify = notify
    return _guard
