"""Small pieces every screen uses: run-time retranslation, scaled text, messages.

Every screen is a `Screen`: a QWidget with `retranslate()`, which sets all of its
visible strings through `_()`. The main window calls `retranslate_all` when the
language changes (screening_app.i18n.on_language_changed), so the UI switches
language without a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from screening_app.errors import Refused
from screening_app.gui.labels import BreakingLabel
from screening_app.i18n import _


def later(ms: int, owner: QObject, callback: Callable[[], Any]) -> None:
    """Call `callback` after `ms` milliseconds unless `owner` is gone by then.

    The same as QTimer.singleShot(ms, owner, callback), without its cost: the first
    call of that overload makes PySide6 build the Python enums of about 130 Qt
    classes (~20 ms, measured at start-up, where it was the largest part of what
    the first window took beyond a bare one). A timer owned by `owner` dies with it."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.timeout.connect(callback)
    timer.timeout.connect(timer.deleteLater)
    timer.start(ms)


class Screen(QWidget):
    """A page of the main window that can retranslate itself."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        """Set every visible string again in the current language."""

    def clear_private(self) -> None:
        """Forget every piece of case data shown (called when the app locks)."""


def retranslate_all(root: QWidget) -> None:
    """Call `retranslate()` on `root` and on every descendant that has one."""
    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        method = getattr(widget, "retranslate", None)
        if callable(method):
            method()


class ScaledLabel(BreakingLabel):
    """A label whose text is `factor` times the application's text size; it follows
    text-size changes made in Settings (the interviewee's language is larger)."""

    def __init__(self, factor: float, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._factor = factor
        self.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.NoTextInteraction)
        self._rescale()

    def _rescale(self) -> None:
        from PySide6.QtGui import QFont  # its enums: not for the first window

        font = QFont(QApplication.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * self._factor)
        self.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._rescale()
        super().changeEvent(event)


def wrapped_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    return BreakingLabel(text, parent)


def show_refusal(parent: QWidget | None, refused: Refused) -> None:
    """A refused operation, in the user's language, with no personal data."""
    from PySide6.QtWidgets import QMessageBox  # not needed for the first window

    QMessageBox.warning(parent, _("Not done"), refused.message)


def unavailable_tip(what: str) -> str:
    """Tooltip for an action whose layer is not part of this build yet."""
    return _("{what} is not available in this version yet.").format(what=what)


class CaseScreen(Screen):
    """A screen about one case: it holds the session while unlocked, reads the case
    from storage when opened, and forgets both when the app locks.

    A screen saves only what it loaded: it is bound to a case only once reading it
    succeeded (`load_case` raises `Refused` before anything changes), and the
    case id is the bound case's own, never set apart from it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self._case: Any = None

    @property
    def case(self) -> Any:
        return self._case

    @property
    def case_id(self) -> str | None:
        case = self.case
        return None if case is None else str(case.id)

    def set_session(self, session: Any) -> None:
        self.session = session

    def read_case(self, case_id: str) -> Any:
        """The case from storage, without binding the screen to it (raises Refused)."""
        if self.session is None:
            raise Refused(_("The program is locked. Unlock it to open cases."))
        return self.session.cases.get(case_id)

    def load_case(self, case_id: str) -> None:
        """Read the case and bind the screen to it; a refusal changes nothing."""
        self._case = self.read_case(case_id)

    def clear_private(self) -> None:
        self.session = None
        self._case = None
        self.forget()

    def forget(self) -> None:
        """Clear the widgets that showed case data."""
