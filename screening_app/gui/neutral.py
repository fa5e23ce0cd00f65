"""The neutral screen shown by the panic lock: nothing about cases, people or the
program's purpose, so a glance at the laptop tells nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from screening_app.gui.common import Screen
from screening_app.i18n import _


class NeutralScreen(Screen):
    """Emits `unlock_requested` when the user wants the unlock screen back."""

    unlock_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neutral")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.clicked.connect(self.unlock_requested.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.retranslate()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter and Return ask for the unlock screen, as Space does on the button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.unlock_requested.emit()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.label.setText(_("Locked"))
        self.button.setText(_("Unlock…"))
        self.button.setAccessibleName(_("Unlock"))
