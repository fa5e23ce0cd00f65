"""Starting the desktop program: QApplication, fonts for every script, the
translator, the style, the main window. Heavy layers (storage, screening,
documents) are imported only when a screen needs them, so the unlock window
appears fast."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from screening_app.i18n import _, set_language

# Focus must always be visible (keyboard-only use); no font sizes here, so the
# text-size setting scales everything, indicators and arrows too (em units).
# Buttons, radio buttons and check boxes show the focus with a border of the same
# width in both states, never with a line drawn around the text: that line crossed
# Khmer and Burmese marks above and below the letters, and the wider border of the
# focused state ate into the text.
STYLE = """
*:focus { outline: 2px solid #1a5fb4; }
QComboBox:focus, QLineEdit:focus, QSpinBox:focus,
QPlainTextEdit:focus, QListWidget:focus, QTableView:focus, QTextBrowser:focus,
QTabWidget:focus { border: 2px solid #1a5fb4; }
QPushButton { padding: 0.3em 0.9em; margin: 1px; border: 1px solid #8b8b8b;
    border-radius: 3px; background: #f6f6f6; }
QPushButton:hover { background: #ffffff; border-color: #5e5c64; }
QPushButton:pressed { background: #deddda; }
QPushButton:disabled { color: #77767b; background: #efefef; border-color: #c0bfbc; }
QPushButton:default { border-color: #1a5fb4; }
QPushButton:focus { margin: 0px; border: 2px solid #1a5fb4; }
QRadioButton, QCheckBox { border: 2px solid transparent; padding: 0.1em; }
QRadioButton:focus, QCheckBox:focus { border: 2px solid #1a5fb4; }
QPushButton:focus, QRadioButton:focus, QCheckBox:focus { outline: none; }
QRadioButton::indicator, QCheckBox::indicator, QListView::indicator,
QTableView::indicator { width: 1.1em; height: 1.1em; }
QSpinBox::up-button, QSpinBox::down-button { width: 1.5em; }
QComboBox::drop-down { width: 1.5em; }
QLabel#title, QLabel#heading { font-weight: bold; }
QLabel#error, QLabel#feedback { color: #a51d2d; }
QLabel#help { color: #4a4a4a; }
QLabel#urgent { background: #a51d2d; color: white; padding: 0.5em; font-weight: bold; }
QPushButton#lock { background: #3d3846; color: white; font-weight: bold; }
QPushButton#lock:focus { border: 2px solid #99c1f1; }
"""

AFTER_FIRST_WINDOW_MS = 50
_FUSION = "screening_app_fusion"      # an application property: the style is Fusion
# --smoke: the first window must be drawn within this time (exit status 1 if not)
SMOKE_LIMIT_S = 20


def _default_data_dir() -> Path | None:
    from screening_app.gui import layers

    if not layers.has("screening_app.storage"):
        return None
    storage = layers.load("screening_app.storage")
    finder = getattr(storage, "default_data_dir", None)
    return None if finder is None else Path(finder())


def _register_fonts(app: QApplication, scripts: set[Any] | None = None) -> list[str]:
    """Register the script fonts (all, or only `scripts`); return a message when
    some scripts have none."""
    from screening_app.i18n.fonts import missing_fonts_message
    from screening_app.i18n.qt import multiscript_font, register_fonts_with_qt

    missing = register_fonts_with_qt(scripts)
    app.setFont(multiscript_font(app.font()))
    return [missing_fonts_message(missing)] if missing else []


def _first_scripts() -> set[Any]:
    """The scripts the first window needs: the one of the language in use (Latin
    text draws with the system's own font until every font is registered)."""
    from screening_app.i18n import current_language

    if current_language() in ("en", "vi"):      # Latin script: no font module needed yet
        return set()
    from screening_app.i18n.fonts import LANGUAGE_SCRIPT, Script

    return {Script.LATIN, LANGUAGE_SCRIPT[current_language()]}


def prepare(app: QApplication, first: bool = False) -> list[str]:
    """Fonts, Qt's own strings in our language, style; returns warnings (missing
    fonts, missing translations; a missing translation is also said on stderr).
    `first`: only what the first window needs (the font of the language in use,
    the style); `finish_preparing` does the rest once that window is up."""
    from screening_app.i18n import missing_catalogs_message

    catalogs = missing_catalogs_message()
    if catalogs:                 # never a silent fall back to English (said at once)
        print(catalogs, file=sys.stderr)
    missing = []
    if first:
        scripts = _first_scripts()
        if scripts:
            missing = _register_fonts(app, scripts)
    else:
        missing = finish_preparing(app)
    if not app.property(_FUSION):      # the same look on every system
        app.setStyle("Fusion")
        app.setProperty(_FUSION, True)
    app.setStyleSheet(STYLE)
    return missing


def finish_preparing(app: QApplication) -> list[str]:
    """The fonts of every script (names in any script, the language box), Qt's own
    strings in our language, and the Zawgyi guard; returns warnings (missing fonts,
    missing translations) for the unlock window's banner."""
    from screening_app.i18n import missing_catalogs_message
    from screening_app.i18n.qt import install_qt_translator, install_zawgyi_guard

    missing = _register_fonts(app)
    catalogs = missing_catalogs_message()     # printed on stderr by `prepare`
    if catalogs:
        missing.append(catalogs)
    install_qt_translator()
    install_zawgyi_guard(app)   # Burmese typed in Zawgyi becomes Unicode in every field
    return missing


def settle_heap() -> None:
    """Take what the program has built so far (modules, classes, Qt's wrappers, the
    unlock window) out of the garbage collector's full passes: Python walks every
    tracked object at each one, and with 100,000 rows in the case list a pass over
    those ~55,000 objects as well made one frame of the scroll take 80-90 ms
    (docs/benchmarks.md). Garbage is collected first, so none is kept.

    Called once, just after the first window and before anything is unlocked: what
    is frozen stays until the program ends, so it must hold no case (later objects,
    the session's among them, are collected as usual)."""
    gc.collect()
    gc.freeze()


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fusion from the start, chosen on Qt's command line: asking for the style from
    # Python (app.style(), setStyle) makes PySide6 build QStyle's eleven enums, 5 ms
    # before the first window.
    app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName("screening-app")
    app.setProperty(_FUSION, True)
    return app


def run_gui(data_dir: Path | None, lang: str | None, user: str | None = None,
            smoke: bool = False) -> int:
    """Open the unlock window; return the exit status. With `smoke`, leave as soon
    as the first window has been drawn: 0, or 1 when it was not drawn in time.

    The unlock window is all a person sees first, so it comes first: with only the
    catalog and fonts of the language in use. The other fonts and the default data
    directory (which loads the storage layer) follow once it is shown; the other
    screens are built after the first unlock (main_window, workspace)."""
    app = create_application()
    if lang:
        set_language(lang)
    prepare(app, first=True)     # the rest: finish_preparing, after the first window

    from screening_app.gui.main_window import MainWindow

    window = MainWindow(data_dir, user)
    window.show()
    if smoke:
        # (after the paint has reached the screen: the next turn of the event loop)
        window.unlock_view.first_painted.connect(lambda: QTimer.singleShot(0, app.quit))

        def not_drawn() -> None:
            print(_("The first window was not drawn within {seconds} s.").format(
                seconds=SMOKE_LIMIT_S), file=sys.stderr)
            app.exit(1)

        QTimer.singleShot(SMOKE_LIMIT_S * 1000, not_drawn)

    def after_first_window() -> None:
        if data_dir is None:
            window.unlock_view.data_dir = _default_data_dir()
        missing = finish_preparing(app)
        if missing:
            window.unlock_view.feedback.setText(" ".join(missing))
        if window.session is None:     # nothing unlocked yet (see settle_heap)
            settle_heap()

    # just after the first window is drawn (a person cannot act that fast)
    QTimer.singleShot(AFTER_FIRST_WINDOW_MS, after_first_window)
    status = app.exec()
    window.close()
    return int(status)
