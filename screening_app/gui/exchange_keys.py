"""Key card dialog: an agency's id, fingerprint (digit groups and QR code) and
whether the fingerprint was compared. Two officers read the digits to each
other by phone, or one scans the other's QR code, before trusting a card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screening_app.exchange.cards import KeyCard, fingerprint_qr_png
from screening_app.gui.labels import BreakingLabel
from screening_app.gui.layout import fit_dialog
from screening_app.i18n import _


def fingerprint_lines(fingerprint: str) -> str:
    """Eight groups of five digits, on two lines of four (easier to read aloud)."""
    groups = fingerprint.split()
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


def card_title(card: KeyCard) -> str:
    """The agency of a card in words: its name (in the officer's language when the
    card has it) and its country's name; the id stays on the card's details line."""
    from screening_app.gui.formatting import agency_name, country_text

    return f"{agency_name(card)} ({country_text(card.country)})"


def _title_label() -> QLabel:
    title = BreakingLabel()
    bold = QFont(title.font())
    bold.setBold(True)
    title.setFont(bold)
    return title


def _fingerprint_label(fingerprint: str, scale: float) -> QLabel:
    """Digits in a fixed-width font, `scale` times the text size in use (so they
    grow with the 200 % setting), selectable."""
    from PySide6.QtWidgets import QApplication

    label = QLabel(fingerprint_lines(fingerprint))
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    text = QApplication.font().pointSizeF()
    mono.setPointSizeF(max(text if text > 0 else mono.pointSizeF(), 10) * scale)
    label.setFont(mono)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _qr_label(card: KeyCard, scale: int) -> QLabel:
    label = QLabel()
    pixmap = QPixmap()
    pixmap.loadFromData(fingerprint_qr_png(card.id, card.fingerprint, scale=scale), "PNG")
    label.setPixmap(pixmap)
    return label


class KeyCardDialog(QDialog):
    """Shows one card. `own=True` for this installation's card (nothing to verify)."""

    mark_verified = Signal(str)         # agency id, after the officer compared
    export_requested = Signal()         # own card: "Save card to file…"

    def __init__(self, card: KeyCard, *, own: bool = False, verified: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card = card
        self.own = own
        self.verified = verified or own
        self.title = _title_label()
        self.details = BreakingLabel()         # lines break where ICU says (km, lo, my, th)
        self.fingerprint = _fingerprint_label(card.fingerprint, 1.6)
        self.qr = _qr_label(card, 5)
        self.state = BreakingLabel()         # lines break where ICU says (km, lo, my, th)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self._verify)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_requested)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        text = QVBoxLayout()
        for widget in (self.title, self.details, self.fingerprint, self.state):
            text.addWidget(widget)
        text.addStretch(1)
        top.addLayout(text, 1)
        top.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        card = self.card
        self.setWindowTitle(_("Key card"))
        self.title.setText(card_title(card))
        self.details.setText(_("Agency id: {id}").format(id=card.id) + "\n"
                             + _("Fingerprint:"))
        if self.own:
            self.state.setText(_("This is your agency's card. Give it to other agencies and "
                                 "read them the fingerprint when they ask."))
        elif self.verified:
            self.state.setText(_("Verified: the fingerprint was compared with the agency."))
        else:
            self.state.setText(_("NOT VERIFIED. Call the agency on a number you already know "
                                 "and compare these digits (or scan their QR code) before "
                                 "you send them a referral."))
        self.state.setStyleSheet("" if self.verified else "color: #a40000; font-weight: bold;")
        self.verify_button.setText(_("The fingerprints match"))
        self.verify_button.setVisible(not self.own and not self.verified)
        self.export_button.setText(_("Save card to file…"))
        self.export_button.setVisible(self.own)

    def showEvent(self, event: QShowEvent) -> None:
        fit_dialog(self)
        super().showEvent(event)

    def _verify(self) -> None:
        self.verified = True
        self.mark_verified.emit(self.card.id)
        self.retranslate()


class KeyChangeDialog(QDialog):
    """An agency offers new keys without proof: the fingerprint held until now and
    the new one side by side. The officer calls the agency on a number already
    known, has them read the new digits, and confirms or refuses the change."""

    confirmed = Signal(str)           # agency id: the new fingerprint matches
    refused = Signal(str)             # agency id: it does not; keep the held keys

    def __init__(self, held: KeyCard, offered: KeyCard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.held = held
        self.offered = offered
        self.title = _title_label()
        self.explain = BreakingLabel()         # lines break where ICU says (km, lo, my, th)
        self.old_label = QLabel()
        self.new_label = QLabel()
        self.old_fingerprint = _fingerprint_label(held.fingerprint, 1.4)
        self.new_fingerprint = _fingerprint_label(offered.fingerprint, 1.4)
        self.old_fingerprint.setStyleSheet("color: #555753;")
        self.qr = _qr_label(offered, 4)
        self.confirm_button = QPushButton()
        self.refuse_button = QPushButton()
        self.confirm_button.clicked.connect(self._confirm)
        self.refuse_button.clicked.connect(self._refuse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        old_column = QVBoxLayout()
        old_column.addWidget(self.old_label)
        old_column.addWidget(self.old_fingerprint)
        old_column.addStretch(1)
        new_column = QVBoxLayout()
        new_column.addWidget(self.new_label)
        new_column.addWidget(self.new_fingerprint)
        new_column.addWidget(self.qr)
        new_column.addStretch(1)
        side_by_side = QHBoxLayout()
        side_by_side.addLayout(old_column, 1)
        side_by_side.addLayout(new_column, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.confirm_button)
        actions.addWidget(self.refuse_button)
        actions.addStretch(1)
        actions.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addLayout(side_by_side)
        layout.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New keys for an agency"))
        self.title.setText(card_title(self.offered))
        self.title.setToolTip(_("Agency id: {id}").format(id=self.offered.id))
        self.explain.setText(_("This agency's card now shows NEW KEYS, and nothing signed "
                               "with the keys you hold proves the change. It may be a "
                               "reinstalled computer, or someone pretending to be the agency. "
                               "Nothing is sent to the agency and its packets wait until you "
                               "decide. Call the agency on a number you already know and "
                               "have them read their fingerprint."))
        self.old_label.setText(_("Fingerprint held until now"))
        self.new_label.setText(_("New fingerprint"))
        self.confirm_button.setText(_("The new fingerprint matches"))
        self.refuse_button.setText(_("It does not match: keep the old keys"))

    def showEvent(self, event: QShowEvent) -> None:
        fit_dialog(self)
        super().showEvent(event)

    def _confirm(self) -> None:
        self.confirmed.emit(self.offered.id)
        self.accept()

    def _refuse(self) -> None:
        self.refused.emit(self.offered.id)
        self.reject()
