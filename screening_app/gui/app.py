"""Starting the desktop program: QApplication, fonts for every script, the
translator, the style, the main window. Heavy layers (storage, screening,
documents) are imported only when a screen needs them, so the unlock window
appears fast."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from screening_app.i18n import set_language

# Focus must always be visible (keyboard-only use); no font sizes here, so the
# text-size setting scales everything.
STYLE = """
*:focus { outline: 2px solid #1a5fb4; }
QPushButton:focus, QComboBox:focus, QLineEdit:focus, QSpinBox:focus,
QPlainTextEdit:focus, QListWidget:focus, QTableView:focus, QTextBrowser:focus,
QTabWidget:focus, QCheckBox:focus, QRadioButton:focus {
    border: 2px solid #1a5fb4; }
QPushButton { padding: 0.3em 0.9em; }
QLabel#title, QLabel#heading { font-weight: bold; }
QLabel#error, QLabel#feedback { color: #a51d2d; }
QLabel#help { color: #4a4a4a; }
QLabel#urgent { background: #a51d2d; color: white; padding: 0.5em; font-weight: bold; }
QPushButton#lock { background: #3d3846; color: white; font-weight: bold; }
"""


def _default_data_dir() -> Path | None:
    from screening_app.gui import layers

    if not layers.has("screening_app.storage"):
        return None
    storage = layers.load("screening_app.storage")
    finder = getattr(storage, "default_data_dir", None)
    return None if finder is None else Path(finder())


def _register_fonts(app: QApplication) -> list[str]:
    """Register the script fonts; return a message when some scripts have none."""
    from screening_app.i18n.fonts import missing_fonts_message
    from screening_app.i18n.qt import multiscript_font, register_fonts_with_qt

    missing = register_fonts_with_qt()
    app.setFont(multiscript_font(app.font()))
    return [missing_fonts_message(missing)] if missing else []


def prepare(app: QApplication) -> list[str]:
    """Fonts, Qt's own strings in our language, style; returns warnings (missing
    fonts, missing translations) for the banner."""
    from screening_app.i18n import missing_catalogs_message
    from screening_app.i18n.qt import install_qt_translator, install_zawgyi_guard

    missing = _register_fonts(app)
    catalogs = missing_catalogs_message()
    if catalogs:                 # never a silent fall back to English
        print(catalogs, file=sys.stderr)
        missing.append(catalogs)
    install_qt_translator()
    install_zawgyi_guard(app)   # Burmese typed in Zawgyi becomes Unicode in every field
    app.setStyle("Fusion")
    app.setStyleSheet(STYLE)
    return missing


def create_application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("screening-app")
    return app


def run_gui(data_dir: Path | None, lang: str | None, user: str | None = None,
            smoke: bool = False) -> int:
    """Open the unlock window; return the exit status (0 after --smoke)."""
    app = create_application()
    if lang:
        set_language(lang)
    missing = prepare(app)

    from screening_app.gui.main_window import MainWindow

    window = MainWindow(data_dir if data_dir is not None else _default_data_dir(), user)
    app.installEventFilter(window.idle)
    if missing:
        window.unlock_view.feedback.setText(" ".join(missing))
    window.show()
    if smoke:
        QTimer.singleShot(0, app.quit)
    status = app.exec()
    app.removeEventFilter(window.idle)
    window.close()
    return int(status)
