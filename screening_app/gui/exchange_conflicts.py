"""Conflicts dialog: fields that this agency and another both changed. The case
keeps this agency's value until a person chooses; each choice is audited."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.exchange.conflicts import OpenConflict, open_conflicts, resolve
from screening_app.i18n import N_, _

if TYPE_CHECKING:
    from screening_app.storage import Session

FIELD_NAMES = {
    "person.given_name": N_("Given name"),
    "person.family_name": N_("Family name"),
    "person.latin_name": N_("Name in Latin letters"),
    "person.gender": N_("Gender"),
    "person.citizenship": N_("Citizenship"),
    "person.birth_date": N_("Birth date"),
    "person.estimated_age": N_("Estimated age"),
    "person.age_in_doubt": N_("Age in doubt"),
    "person.languages": N_("Languages"),
    "person.phone": N_("Phone"),
    "person.address": N_("Address"),
    "status": N_("Case status"),
    "note": N_("Note"),
    "outcomes": N_("Screening outcome"),
    "decision": N_("Officer's decision"),
}


def field_name(field: str) -> str:
    if field in FIELD_NAMES:
        return _(FIELD_NAMES[field])
    if field.startswith("answers."):
        return _("Answer to {question}").format(question=field.removeprefix("answers."))
    if field.startswith("consent."):
        return _("Consent: {item}").format(item=field.removeprefix("consent."))
    return field


def shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "value" in value:        # an answer
        return shown(value["value"])
    return json.dumps(value, ensure_ascii=False)[:200]


def row_table(columns: int) -> QTableWidget:
    """A read-only table whose rows are picked one at a time."""
    table = QTableWidget(0, columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ConflictsDialog(QDialog):
    def __init__(self, session: Session, case_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.conflicts: list[OpenConflict] = []
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = row_table(3)
        self.keep_button = QPushButton()
        self.take_button = QPushButton()
        self.keep_button.clicked.connect(lambda: self._resolve("ours"))
        self.take_button.clicked.connect(lambda: self._resolve("theirs"))
        self.status = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.keep_button)
        row.addWidget(self.take_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.reload()

    def reload(self) -> None:
        self.conflicts = open_conflicts(self.session, self.case_id)
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            for column, text in enumerate((field_name(conflict.field), shown(conflict.ours),
                                           shown(conflict.theirs))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.conflicts:
            self.table.selectRow(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Conflicting changes"))
        self.intro.setText(_("Both agencies changed these fields. The case keeps your value "
                             "until you choose."))
        self.table.setHorizontalHeaderLabels([_("Field"), _("Your value"),
                                              _("Their value")])
        self.keep_button.setText(_("Keep your value"))
        self.take_button.setText(_("Take their value"))
        for button in (self.keep_button, self.take_button):
            button.setEnabled(bool(self.conflicts))

    def _resolve(self, take: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.conflicts):
            return
        try:
            resolve(self.session, self.conflicts[row].id, take)
        except Refused as refused:
            self.status.setText(refused.message)
            return
        self.status.setText(_("Saved."))
        self.reload()
