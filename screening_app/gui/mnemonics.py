"""Alt + underlined letter when two visible controls share the letter.

The translations keep the English letters, and the top bar (Cases, New interview,
Exchange, Settings) is on screen with every page, so letters clash: "&New interview"
and the interview's "&Next", "&Cases" and "Save and &close", "Se&ttings" and the
case list's "S&tatus". Qt then only moves the focus between the two and activates
neither, so Alt+N did not go to the next page. Here the control of the page wins over
the top bar, and a button wins over a field label; when that does not decide, Qt's
own behaviour (the focus moves between them) stays."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence, QShortcutEvent
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

# Set on the top bar's buttons: they give way to the page's own controls.
GLOBAL = "sr_global_mnemonic"


def _mnemonic(widget: QWidget) -> QKeySequence | None:
    if isinstance(widget, QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QLabel) and widget.buddy() is not None:
        text = widget.text()
    else:
        return None
    key = QKeySequence.mnemonic(text)
    return None if key.isEmpty() else key


def _rank(widget: QWidget) -> tuple[bool, bool]:
    return bool(widget.property(GLOBAL)), isinstance(widget, QLabel)


def winner(window: QWidget, key: QKeySequence) -> QWidget | None:
    """The one control `key` should activate in `window`, or None when it is a tie."""
    candidates = [w for w in window.findChildren(QWidget)
                  if w.isVisible() and w.isEnabled() and _mnemonic(w) == key]
    if not candidates:
        return None
    best = min(_rank(w) for w in candidates)
    chosen = [w for w in candidates if _rank(w) == best]
    return chosen[0] if len(chosen) == 1 else None


class MnemonicArbiter(QObject):
    """Application-wide filter: an ambiguous Alt+letter goes to the winner."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() != QEvent.Type.Shortcut or not isinstance(event, QShortcutEvent)
                or not event.isAmbiguous() or not isinstance(watched, QWidget)):
            return False
        chosen = winner(watched.window(), event.key())
        if chosen is None:
            return False
        # What Qt does when the letter is the winner's alone: a button is clicked,
        # a label puts the focus in its field.
        if isinstance(chosen, QAbstractButton):
            chosen.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
            chosen.animateClick()
        elif isinstance(chosen, QLabel) and (buddy := chosen.buddy()) is not None:
            buddy.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        return True


def clashes(window: QWidget) -> list[str]:
    """Alt+letters of `window` that do not reach one control each: two visible
    controls of the page (the top bar aside, which gives way) share the letter, so
    one of them cannot be reached, or `winner` cannot settle it at all."""
    by_key: dict[str, list[QWidget]] = {}
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.isEnabled() and (found := _mnemonic(widget)):
            by_key.setdefault(found.toString(), []).append(widget)
    out = []
    for key, widgets in sorted(by_key.items()):
        page = [w for w in widgets if not w.property(GLOBAL)]
        if len(page) > 1 or (len(widgets) > 1 and winner(window, QKeySequence(key)) is None):
            out.append(f"{key}: " + ", ".join(
                w.text() for w in widgets if isinstance(w, QAbstractButton | QLabel)))
    return out
