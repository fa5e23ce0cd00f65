"""Import result dialog: one line per packet — imported, merged, conflicts kept
for review, already imported, held in quarantine, or refused and why."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening_app.exchange.importer import ImportResult
from screening_app.i18n import _

# (file name, result) or (file name, refusal message)
Outcome = tuple[str, ImportResult | str]

_WARN = QColor("#8a5a00")
_BAD = QColor("#a40000")


class ImportResultDialog(QDialog):
    def __init__(self, outcomes: Sequence[Outcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes = list(outcomes)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 320)
        self.retranslate()

    def counts(self) -> dict[str, int]:
        counts = {"imported": 0, "unchanged": 0, "attention": 0, "refused": 0}
        for _name, outcome in self.outcomes:
            if isinstance(outcome, str):
                counts["refused"] += 1
            elif not outcome.ok or outcome.conflicts or (outcome.changed
                                                         and not outcome.sender_verified):
                counts["attention"] += 1
            elif outcome.changed:
                counts["imported"] += 1
            else:
                counts["unchanged"] += 1
        return counts

    def retranslate(self) -> None:
        self.setWindowTitle(_("Imported packets"))
        c = self.counts()
        self.summary.setText(_("{imported} imported, {unchanged} unchanged, {attention} need "
                               "attention, {refused} refused.").format(**c))
        self.list.clear()
        for name, outcome in self.outcomes:
            if isinstance(outcome, str):
                item = QListWidgetItem(f"{name}: {outcome}")
                item.setForeground(QBrush(_BAD))
            else:
                item = QListWidgetItem(f"{name}: {outcome.describe()}")
                if not outcome.ok or outcome.conflicts or not outcome.sender_verified:
                    item.setForeground(QBrush(_WARN))
            self.list.addItem(item)
