"""Idle lock: an application-wide event filter that restarts a timer on every key
press, mouse or wheel event; when the timer runs out the main window locks.

The filter is installed only while a session is open (armed): a Python filter sees
every event of the program, and the first time it sees a Qt class PySide6 builds
that class's Python enums. Installed before the first window, it held that window
back by about 20 ms (docs/benchmarks.md, start-up)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

DEFAULT_IDLE_MINUTES = 5

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Emits `idle` after `minutes` without user activity while armed."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle.emit)
        self.set_minutes(DEFAULT_IDLE_MINUTES)

    def set_minutes(self, minutes: float) -> None:
        self._timer.setInterval(max(1, int(minutes * 60_000)))
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def arm(self) -> None:
        """Start counting and watching activity (after unlock)."""
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting and watching (while locked)."""
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


class PanicKeyWatcher(QObject):
    """Emits `pressed` for the panic keys in any window of the program. A window
    shortcut does not fire while a modal dialog (file chooser, message box) has the
    focus, so the key presses are watched application-wide as well."""

    pressed = Signal()

    def __init__(self, keys: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = {QKeySequence(k)[0].toCombined() for k in keys}  # type: ignore[index]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.keyCombination().toCombined() in self._keys:
                self.pressed.emit()
                return True
        return False
