"""The main window: unlock screen, neutral (panic) screen and the workspace.

Locking (idle or panic) saves what the current screen still holds, clears every
screen of case data, closes the session (storage wipes the key) and remembers only
where the user was (case id and page, not content). After the same user unlocks,
that place is opened again from the database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from screening_app.gui.common import Screen, later, retranslate_all
from screening_app.gui.locking import IdleWatcher, PanicKeyWatcher
from screening_app.gui.mnemonics import MnemonicArbiter
from screening_app.gui.unlock import UnlockView
from screening_app.i18n import _, on_language_changed

PANIC_KEYS = ("Ctrl+Shift+L", "F12")


class ResumePoint(NamedTuple):
    """Where the user was when the app locked: no personal data, only ids."""

    user: str
    place: str
    case_id: str | None
    step: int


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path | None, user: str | None = None) -> None:
        super().__init__()
        self.session: Any = None
        self.resume: ResumePoint | None = None
        self._copied_while_unlocked = False
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.idle_lock)

        self.stack = QStackedWidget()
        self.unlock_view = UnlockView(data_dir, user)
        self.unlock_view.unlocked.connect(self.on_unlocked)
        self._neutral: Any = None          # built at the first panic lock
        self._workspace: Any = None        # built at the first unlock (fast start)
        self.stack.addWidget(self.unlock_view)
        self.setCentralWidget(self.stack)

        self.panic_shortcuts = []
        for keys in PANIC_KEYS:
            shortcut = QShortcut(QKeySequence(keys), self)     # a window shortcut
            shortcut.activated.connect(self.panic_lock)
            self.panic_shortcuts.append(shortcut)
        # ... and while a dialog has the focus (window shortcuts do not fire there).
        self.panic_keys = PanicKeyWatcher(PANIC_KEYS, self)
        self.panic_keys.pressed.connect(self.panic_lock)
        self.mnemonics = MnemonicArbiter(self)
        # Application-wide filters see every event, and PySide6 builds the enums of
        # each Qt class they meet: they start once the first window has been drawn
        # (no dialog and no second Alt+letter can exist before; the window shortcuts
        # above already work), and so does the clipboard watch (nothing can be copied
        # before the first unlock). The idle watcher listens while armed.
        self.unlock_view.first_painted.connect(
            lambda: later(0, self, self._install_event_filters))

        self._unsubscribe = on_language_changed(lambda _lang: self.retranslate())
        self.resize(1280, 720)
        self.setMinimumSize(800, 560)
        self.stack.setCurrentWidget(self.unlock_view)
        # The unlock screen, the only page yet, put its words in place itself; walking
        # every child (Qt's own list views and completers included) would make PySide6
        # wrap each of them before the first window shows.
        self._retitle()

    def _install_event_filters(self) -> None:
        QApplication.clipboard().dataChanged.connect(self._clipboard_changed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.panic_keys)
            app.installEventFilter(self.mnemonics)

    @property
    def neutral(self) -> Any:
        """The neutral (panic) screen, made when first needed."""
        if self._neutral is None:
            from screening_app.gui.neutral import NeutralScreen

            self._neutral = NeutralScreen()
            self._neutral.unlock_requested.connect(self.show_unlock)
            self.stack.addWidget(self._neutral)
        return self._neutral

    @property
    def workspace(self) -> Any:
        """The unlocked workspace (cases, interview, ...), created when first needed."""
        if self._workspace is None:
            from screening_app.gui.workspace import Workspace

            self._workspace = Workspace()
            self._workspace.panic.connect(self.panic_lock)
            self._workspace.settings_changed.connect(self.apply_settings)
            self.stack.addWidget(self._workspace)
        return self._workspace

    # --- language -------------------------------------------------------------
    def retranslate(self) -> None:
        self._retitle()
        retranslate_all(self.stack)

    def _retitle(self) -> None:
        # Never personal data in the title: it shows in task bars and window lists.
        locked = self._neutral is not None and self.stack.currentWidget() is self._neutral
        self.setWindowTitle(_("Locked") if locked else _("Screening and Referral"))

    # --- locking --------------------------------------------------------------
    def show_unlock(self) -> None:
        self.unlock_view.reload_users()
        self.stack.setCurrentWidget(self.unlock_view)
        self.retranslate()

    def on_unlocked(self, session: Any) -> None:
        self.session = session
        self.workspace.set_session(session)
        self.apply_settings()
        self.stack.setCurrentWidget(self.workspace)
        resume = self.resume
        self.resume = None
        if resume is not None and resume.user == session.user.name:
            self.workspace.go_to(resume.place, resume.case_id, resume.step)
        elif session.user.role.value == "admin":
            self.workspace.show_settings()       # administrators manage users, not cases
        else:
            self.workspace.show_cases()
        self.idle.arm()
        self.retranslate()

    def apply_settings(self) -> None:
        """Idle-lock minutes and text size from the session's settings."""
        if self.session is None:
            return
        from screening_app.gui import settings as settings_view

        self.idle.set_minutes(settings_view.idle_minutes(self.session))
        settings_view.apply_text_size(settings_view.text_size(self.session))

    def lock(self, panic: bool) -> None:
        """Close the session and show the unlock (idle) or neutral (panic) screen."""
        self.idle.disarm()
        self._close_dialogs_and_clipboard()
        if self.session is not None:
            place, case_id, step = self.workspace.where()
            self.resume = ResumePoint(self.session.user.name, place, case_id, step)
            self.workspace.flush()
            self.workspace.clear_private()
            session, self.session = self.session, None
            session.close()
        elif self._workspace is not None:
            self._workspace.clear_private()
        self.unlock_view.clear_private()
        if panic:
            self.stack.setCurrentWidget(self.neutral)
            self.neutral.button.setFocus()
            self.retranslate()
        else:
            self.show_unlock()

    def _close_dialogs_and_clipboard(self) -> None:
        """Nothing of a case may stay on screen or in the clipboard after a lock:
        open dialogs are cancelled and text copied from this program is cleared."""
        from PySide6.QtWidgets import QDialog

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        # Not every platform says who owns the clipboard: clear it when anything was
        # copied while unlocked.
        if self._copied_while_unlocked:
            QApplication.clipboard().clear()
            self._copied_while_unlocked = False

    def _clipboard_changed(self) -> None:
        if self.session is not None:
            self._copied_while_unlocked = True

    def idle_lock(self) -> None:
        self.lock(panic=False)

    def panic_lock(self) -> None:
        self.lock(panic=True)

    @property
    def locked(self) -> bool:
        return self.session is None

    def current_screen(self) -> QWidget:  # for tests and screenshots
        page = self.stack.currentWidget()
        workspace: Any = self._workspace
        if workspace is not None and self.stack.currentIndex() == self.stack.indexOf(workspace):
            current: QWidget = workspace.pages.currentWidget() or workspace
            return current
        return page or self.unlock_view

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.disarm()
        if self._workspace is not None:      # a background sync ends before the session
            self._workspace.relay_sync.stop()
            self._workspace.relay_sync.wait()
        if self.session is not None:
            self.workspace.flush()
            self.session.close()
            self.session = None
        self._unsubscribe()
        super().closeEvent(event)


__all__ = ["PANIC_KEYS", "MainWindow", "ResumePoint", "Screen"]
