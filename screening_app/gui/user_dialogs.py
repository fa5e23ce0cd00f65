"""Dialogs of user administration: a new passphrase with live strength feedback,
and disabling a user (the agency's packet keys are changed too, by default).

Settings (gui/settings.py) calls `ask_new_passphrase` and `disable_user`; the
rules themselves are in storage (passphrase.py, users.py) and exchange
(rotation.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.gui.common import show_refusal, wrapped_label
from screening_app.gui.labels import WrappingCheckBox
from screening_app.gui.layout import fit_dialog
from screening_app.i18n import _
from screening_app.storage.passphrase import MIN_LENGTH, assess

_METER_COLOURS = ("#a40000", "#a40000", "#ce5c00", "#c4a000", "#4e9a06")


class PassphraseDialog(QDialog):
    """A new passphrase, typed twice; OK only when it is strong and both match.
    `related`: words an attacker tries first (the user's and the agency's names)."""

    def __init__(self, title: str, related: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.related = related
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._update)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.verdict = QLabel()
        self.advice = wrapped_label()
        self.first_label = QLabel()
        self.second_label = QLabel()
        self.first_label.setBuddy(self.first)
        self.second_label.setBuddy(self.second)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.first_label, self.first)
        form.addRow(self.second_label, self.second)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.meter)
        layout.addWidget(self.verdict)
        layout.addWidget(self.advice)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def passphrase(self) -> str:
        return self.first.text()

    def showEvent(self, event: QShowEvent) -> None:
        fit_dialog(self)
        super().showEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.title)
        self.first_label.setText(_("&New passphrase"))
        self.second_label.setText(_("&Repeat it"))
        self.first.setAccessibleName(_("New passphrase"))
        self.second.setAccessibleName(_("Repeat the new passphrase"))
        self._update()

    def _update(self) -> None:
        text = self.first.text()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if not text:
            self.meter.setValue(0)
            self.verdict.setText("")
            self.advice.setText(_("Use four or more words, in any language or script, at "
                                  "least {n} characters. It is checked as you type.").format(
                                      n=MIN_LENGTH))
            ok_button.setEnabled(False)
            self._fit()
            return
        strength = assess(text, self.related)
        level = 4 if strength.acceptable else min(strength.score, 3)
        self.meter.setValue(level)
        self.meter.setStyleSheet(
            f"QProgressBar::chunk {{ background: {_METER_COLOURS[level]}; }}")
        self.verdict.setText(strength.verdict())
        advice = strength.advice()
        matches = self.second.text() == text
        if strength.acceptable and self.second.text() and not matches:
            advice = _("The two passphrases differ.")
        self.advice.setText(advice)
        ok_button.setEnabled(strength.acceptable and matches)
        self._fit()

    def _fit(self) -> None:
        """Grow (never shrink while typing) so the advice is never cut off."""
        layout = self.layout()
        if layout is None:
            return
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else self.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)


def ask_new_passphrase(parent: QWidget | None, title: str, related: list[str]) -> str | None:
    dialog = PassphraseDialog(title, related, parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.passphrase() if accepted else None
    dialog.deleteLater()
    return text


class DisableUserDialog(QDialog):
    """Confirms disabling a user, with the two choices a security officer expects on:
    change the agency's packet keys, and delete copies kept by earlier restores."""

    def __init__(self, name: str, copies: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.copies = copies
        self.text = wrapped_label()
        self.rotate_keys = WrappingCheckBox()      # long sentences: their words wrap
        self.rotate_keys.setChecked(True)
        self.remove_copies = WrappingCheckBox()
        self.remove_copies.setChecked(True)
        self.remove_copies.setVisible(copies > 0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.text, self.rotate_keys, self.remove_copies, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(480)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        fit_dialog(self)
        super().showEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Disable user"))
        self.text.setText(_("Disable {user}? Their key slot is removed and the database key "
                            "is changed, so an old copy of their slot opens nothing. Backups "
                            "made before today still open with their passphrase: make a new "
                            "backup and destroy the old ones.").format(user=self.name))
        self.rotate_keys.setText(_("Also change the agency's &packet keys (recommended): "
                                   "partners receive the new key card at the next sync"))
        self.remove_copies.setText(_("&Delete the {n} copies kept by earlier restores "
                                     "(they open with this user's passphrase)").format(
                                         n=self.copies))


def disable_user(parent: QWidget | None, session: Any, name: str) -> str | None:
    """Ask, disable, change the packet keys if chosen; the summary to show, or None
    when cancelled or refused (the refusal is shown)."""
    from screening_app.exchange.rotation import rotate_agency_keys, rotation_failed
    from screening_app.storage.users import replaced_copies

    dialog = DisableUserDialog(name, len(replaced_copies(session.data_dir)), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    rotate, remove = dialog.rotate_keys.isChecked(), dialog.remove_copies.isChecked()
    try:
        departure = session.users.disable(name, remove_replaced=remove)
    except Refused as refused:
        show_refusal(parent, refused)
        return None
    lines = [_("{user} is disabled; the database key was changed.").format(user=name)]
    rotated = None
    try:
        rotated = rotate_agency_keys(session) if rotate else None
    except Refused as refused:      # the disable stands; the rotation can be redone
        show_refusal(parent, Refused(rotation_failed(refused.message)))
    if departure.dropped_slots:
        lines.append(_("{n} key slots that this installation did not make were dropped from "
                       "the vault file.").format(n=len(departure.dropped_slots)))
    if rotated is not None:
        lines.append(rotated.describe())
    return " ".join(lines)
