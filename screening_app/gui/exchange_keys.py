"""Key card dialog: an agency's id, fingerprint (digit groups and QR code) and
whether the fingerprint was compared. Two officers read the digits to each
other by phone, or one scans the other's QR code, before trusting a card."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPixmap
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
from screening_app.i18n import _


def fingerprint_lines(fingerprint: str) -> str:
    """Eight groups of five digits, on two lines of four (easier to read aloud)."""
    groups = fingerprint.split()
    return " ".join(groups[:4]) + "\n" + " ".join(groups[4:])


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
        self.title = QLabel()
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.fingerprint = QLabel(fingerprint_lines(card.fingerprint))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.6)
        self.fingerprint.setFont(mono)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(fingerprint_qr_png(card.id, card.fingerprint, scale=5), "PNG")
        self.qr.setPixmap(pixmap)
        self.state = QLabel()
        self.state.setWordWrap(True)
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
        self.title.setText(f"{card.name} ({card.country})")
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

    def _verify(self) -> None:
        self.verified = True
        self.mark_verified.emit(self.card.id)
        self.retranslate()
