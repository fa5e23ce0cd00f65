"""Unlock screen: pick a user, type the passphrase, choose the language first.

Opening the session is the storage layer's job (`Session.open`); it refuses with a
translated message (wrong passphrase, with a delay that grows with repeated
failures; unknown user; another instance has the data open ...). This screen
shows that message, counts the failures and keeps the user name, never the
passphrase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import Screen, later, unavailable_tip, wrapped_label
from screening_app.gui.enums import set_enum_property
from screening_app.i18n import AUTONYMS, LANGUAGES, _, current_language, set_language


def vault_user_names(data_dir: Path | None) -> list[str]:
    """The user names whose key slots are in the vault (no unlock needed), or []."""
    if data_dir is None or not layers.has("screening_app.storage"):
        return []
    storage = layers.load("screening_app.storage")
    vault_file = storage.DataDir.of(data_dir).vault_path
    if not vault_file.exists():
        return []
    try:
        # The vault lists slot owners in clear (names, no secret): no unlock needed.
        return sorted(layers.load("screening_app.storage.vault").Vault.load(vault_file).users())
    except Refused:
        return []


# The vault is read just after the window is up: it loads the storage layer,
# which would otherwise double the time to the first window.
USER_LIST_DELAY_MS = 150
# Who unlocked last on this device (a user name, as the vault lists them in clear):
# preselected next time, so nobody lands on an account by accident (the first name
# in the list was "admin", the one role that reads no case).
LAST_USER_FILE = "last-user"


def remembered_user(data_dir: Path | None) -> str:
    if data_dir is None:
        return ""
    try:
        return (data_dir / LAST_USER_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def remember_user(data_dir: Path | None, name: str) -> None:
    if data_dir is None:
        return
    # storage is loaded once someone unlocked; its writer makes the file owner-only
    # (0600, O_EXCL temporary name), as every file the program writes
    from screening_app.storage.datadir import write_atomically

    try:
        write_atomically(data_dir / LAST_USER_FILE, (name + "\n").encode("utf-8"))
    except OSError:
        pass                  # a read-only data directory: nothing preselected next time


class UnlockView(Screen):
    """Emits `unlocked(session)` once storage has opened the case store."""

    unlocked = Signal(object)
    first_painted = Signal()        # the program's first window is on the screen

    def __init__(self, data_dir: Path | None, user: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.failures = 0
        self._painted = False
        self.setObjectName("unlock")

        self.title = QLabel()
        self.title.setObjectName("title")
        set_enum_property(self.title, "alignment", "AlignCenter")
        self.intro = wrapped_label()
        set_enum_property(self.intro, "alignment", "AlignCenter")

        self.language = QComboBox()
        # Sized by its own words, not by measuring every autonym: that would load the
        # font of every script before the first window is shown.
        self.language.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.language.setMinimumContentsLength(12)
        for code in LANGUAGES:
            self.language.addItem(AUTONYMS[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.currentIndexChanged.connect(self._language_chosen)

        self.user = QComboBox()
        self.user.setEditable(True)
        self.user.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if user:
            self.user.setCurrentText(user)
        self._users_listed = False
        line = self.user.lineEdit()
        if line is not None:     # Enter after the name goes on to the passphrase
            line.returnPressed.connect(self._user_entered)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        # No copying out of the passphrase field, no completion history.
        set_enum_property(self.passphrase, "contextMenuPolicy", "NoContextMenu")
        self.passphrase.returnPressed.connect(self.try_unlock)

        self.button = QPushButton()
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.refusal = ""
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count_down)
        self.feedback = wrapped_label()
        self.feedback.setObjectName("feedback")
        self.feedback.setAccessibleName("feedback")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.language_label = QLabel()
        self.user_label = QLabel()
        self.passphrase_label = QLabel()
        for label, field in ((self.language_label, self.language), (self.user_label, self.user),
                             (self.passphrase_label, self.passphrase)):
            label.setBuddy(field)
            self.form.addRow(label, field)

        card = QFrame()
        card.setObjectName("card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(card)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addLayout(self.form)
        inner.addWidget(self.button)
        inner.addWidget(self.feedback)
        card.setMaximumWidth(720)
        card.setMinimumWidth(420)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def reload_users(self) -> None:
        typed = self.user.currentText()
        self.user.clear()
        names = vault_user_names(self.data_dir)
        self.user.addItems(names)
        last = remembered_user(self.data_dir)
        if typed:
            self.user.setCurrentText(typed)
        elif last in names:
            self.user.setCurrentIndex(names.index(last))
        else:                                   # nobody rather than the first name
            self.user.setCurrentIndex(-1)
            self.user.setEditText("")
        if not typed and self.user.currentText() and self.window().focusWidget() in (
                self.user, self.user.lineEdit()):   # also before the window is active
            # A name was filled in while the field had the focus: what is typed next
            # is the passphrase, and must not land in clear in the User field.
            self.passphrase.setFocus()

    def _user_entered(self) -> None:
        if self.passphrase.text():
            self.try_unlock()
        else:
            self.passphrase.setFocus()

    def retranslate(self) -> None:
        # The language box shows the language in use (it may have changed in Settings).
        self.language.blockSignals(True)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language.blockSignals(False)
        self.title.setText(_("Screening and Referral"))
        self.intro.setText(_("Choose your name and type your passphrase to open the cases."))
        self.language_label.setText(_("&Language"))
        self.user_label.setText(_("Us&er"))
        self.passphrase_label.setText(_("&Passphrase"))
        self.button.setText(_("&Unlock"))
        self.language.setAccessibleName(_("Language"))
        self.user.setAccessibleName(_("User"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.button.setAccessibleName(_("Unlock"))
        ready = layers.has("screening_app.storage")
        self.button.setEnabled(ready)
        self.button.setToolTip("" if ready else unavailable_tip(_("Opening the case store")))

    def _language_chosen(self, index: int) -> None:
        code = self.language.itemData(index)
        if isinstance(code, str):
            set_language(code)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Return anywhere on this screen (also on the Unlock button) unlocks,
        as Space does on the button; without a passphrase it goes to that field."""
        if event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            if self.passphrase.text():
                self.try_unlock()
            else:
                self.passphrase.setFocus()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._users_listed:
            self._users_listed = True
            later(USER_LIST_DELAY_MS, self, self.reload_users)
        (self.passphrase if self.user.currentText() else self.user).setFocus()

    def clear_private(self) -> None:
        self.passphrase.clear()
        self.feedback.clear()

    def throttle(self) -> tuple[int, int]:
        """(failed tries in a row, seconds before storage accepts the next try):
        storage slows down repeated failures and keeps the count across restarts."""
        if self.data_dir is None:
            return self.failures, 0
        storage = layers.load("screening_app.storage")
        throttle = layers.load("screening_app.storage.throttle")
        failed = throttle.FailedUnlocks.load(storage.DataDir.of(self.data_dir).failures_path)
        wait = failed.wait_seconds(self.user.currentText() or None)
        return max(failed.count, self.failures), int(wait + 0.999)

    def _count_down(self) -> None:
        """Show the refusal and, while storage makes the next try wait, a countdown
        with the Unlock button disabled."""
        count, wait = self.throttle()
        lines = [self.refusal,
                 _("Failed attempts: {count}. Each new failure makes the next try wait "
                   "longer.").format(count=count)]
        if wait > 0:
            lines.append(_("You can try again in {seconds} s.").format(seconds=wait))
            self._countdown.start()
        else:
            self._countdown.stop()
        self.button.setEnabled(wait <= 0)
        self.feedback.setText("\n".join(lines))

    def try_unlock(self) -> None:
        """Open the session; on refusal show why and keep the user name."""
        if not layers.has("screening_app.storage") or self._countdown.isActive():
            return
        session_class = layers.load("screening_app.storage").Session
        user = self.user.currentText().strip()
        passphrase = self.passphrase.text()
        if not user or not passphrase:
            self.feedback.setText(_("Type your user name and passphrase."))
            return
        if self.data_dir is None:
            self.feedback.setText(_("No data folder is set. Start the program with --data-dir, "
                                    "or run “screening-app demo” to try it."))
            return
        self.button.setEnabled(False)
        self.feedback.setText(_("Checking the passphrase…"))
        QGuiApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)
        QGuiApplication.processEvents()
        try:
            session = session_class.open(self.data_dir, user, passphrase)
        except Refused as refused:
            self.failures += 1
            self.refusal = refused.message
            self.passphrase.clear()
            self.passphrase.setFocus()
            QGuiApplication.restoreOverrideCursor()
            self._count_down()
            return
        finally:
            passphrase = ""
        QGuiApplication.restoreOverrideCursor()
        remember_user(self.data_dir, user)
        self.button.setEnabled(True)
        self.failures = 0
        self.passphrase.clear()
        self.feedback.clear()
        self.unlocked.emit(session)
        if getattr(session, "warnings", None):   # e.g. the audit history changed
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, _("Audit trail"),
                              "\n".join(session.warnings), QMessageBox.StandardButton.Ok,
                              self.window())
            box.show()
