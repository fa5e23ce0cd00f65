"""Cases screen: incremental search (any script), filters, sorting, open, new
interview, resume a draft. The table is a lazy model (see case_table)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from screening_app.gui.case_table import (
    OUTCOME_TEXT,
    REFERRAL_TEXT,
    STATUS_TEXT,
    URGENT_COLOUR,
    CaseQuery,
    CaseTableModel,
)
from screening_app.gui.common import Screen, later
from screening_app.gui.layout import ButtonRow, fit_columns, fit_rows
from screening_app.i18n import N_, _, ngettext

SEARCH_DELAY_MS = 250
COUNT_DELAY_MS = 50
PERIODS: tuple[tuple[int | None, str], ...] = (
    (None, N_("Any time")), (7, N_("Last 7 days")), (30, N_("Last 30 days")),
    (365, N_("Last 12 months")),
)


class CasesView(Screen):
    open_case = Signal(str)
    resume_case = Signal(str)
    new_interview = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cases")
        self.model = CaseTableModel()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.apply_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.status = QComboBox()
        self.outcome = QComboBox()
        self.referral = QComboBox()
        self.period = QComboBox()
        for combo in (self.status, self.outcome, self.referral, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.apply_query())
        self.status_label, self.outcome_label = QLabel(), QLabel()
        self.referral_label, self.period_label = QLabel(), QLabel()

        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, stretch=1)      # names take the room left
        fit_rows(self.table)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.open_button = QPushButton()
        self.resume_button = QPushButton()
        self.new_button = QPushButton()
        self.open_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(self._resume_selected)
        self.new_button.clicked.connect(self.new_interview.emit)
        self.count = QLabel()
        self.legend = QLabel()             # what the red outcome means
        self.legend.setObjectName("help")
        self.empty = QLabel()              # shown while there is no case at all
        self.empty.setWordWrap(True)
        self.empty.setObjectName("help")

        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        filters = QHBoxLayout()
        for label, combo in ((self.status_label, self.status), (self.outcome_label, self.outcome),
                             (self.referral_label, self.referral),
                             (self.period_label, self.period)):
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        summary = QHBoxLayout()
        summary.addWidget(self.count)
        summary.addWidget(self.legend, 1)
        buttons = ButtonRow(align_right=True)
        for button in (self.open_button, self.resume_button, self.new_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(summary)
        layout.addWidget(buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            # after the table itself has the new font (the order of the events varies)
            later(0, self.table, lambda: fit_rows(self.table))
        super().changeEvent(event)

    # --- language -------------------------------------------------------------
    def _fill(self, combo: QComboBox, items: list[tuple[str | int | None, str]]) -> None:
        current = combo.currentIndex()
        combo.blockSignals(True)
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, current))
        combo.blockSignals(False)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Name in any script, or case reference"))
        self.search_label.setText(_("&Search"))
        self.search.setAccessibleName(_("Search cases"))
        every = _("All")
        self._fill(self.status, [(None, every), *((k, _(v)) for k, v in STATUS_TEXT.items())])
        self._fill(self.outcome, [(None, every), *((k, _(v)) for k, v in OUTCOME_TEXT.items())])
        self._fill(self.referral, [(None, every), *((k, _(v)) for k, v in REFERRAL_TEXT.items())])
        self._fill(self.period, [(d, _(t)) for d, t in PERIODS])
        self.status_label.setText(_("S&tatus"))
        self.outcome_label.setText(_("&Outcome"))
        self.referral_label.setText(_("&Referral"))
        self.period_label.setText(_("Started"))
        for combo, name in ((self.status, _("Filter by status")),
                            (self.outcome, _("Filter by outcome")),
                            (self.referral, _("Filter by referral")),
                            (self.period, _("Filter by date started"))):
            combo.setAccessibleName(name)
        self.table.setAccessibleName(_("Cases"))
        self.open_button.setText(_("&Open case"))
        self.resume_button.setText(_("&Resume interview"))
        self.new_button.setText(_("New &interview"))
        self.legend.setText(f"<span style='color:{URGENT_COLOUR}'>■</span> "
                            + html.escape(_("Red outcome: urgent needs reported")))
        self.model.retranslate()
        self._update_count()

    # --- data -----------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.model.set_session(session, self.query())
        if self.model.refusal is not None or self.model.total_known:
            self._update_count()          # the reason, or a count that costs nothing
        else:                             # the count waits until the rows are on screen
            later(COUNT_DELAY_MS, self, self._update_count)
        self._update_buttons()

    def refresh(self) -> None:
        if self.model.session is not None:
            self.model.reload()
        self._update_count()
        self._update_buttons()

    def clear_private(self) -> None:
        """At a lock the search is forgotten: the fields, their undo history and the
        query the list was showing (one state: the model holds only `query()`)."""
        self._debounce.stop()
        for widget in (self.search, self.status, self.outcome, self.referral, self.period):
            widget.blockSignals(True)
        self.search.setText("")           # setText also empties the undo history
        for combo in (self.status, self.outcome, self.referral, self.period):
            combo.setCurrentIndex(0)
        for widget in (self.search, self.status, self.outcome, self.referral, self.period):
            widget.blockSignals(False)
        self.model.clear()
        self._update_count()

    def query(self) -> CaseQuery:
        """The search text and filters as shown in the fields."""
        return CaseQuery(self.search.text(), self.status.currentData(),
                         self.outcome.currentData(), self.referral.currentData(),
                         self.period.currentData())

    def apply_query(self) -> None:
        if self.model.session is None:
            return
        self.model.set_query(self.query())
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        n = self.model.total
        self.count.setText(self.model.refusal or
                           ngettext("{n} case", "{n} cases", n).format(n=n))
        self.new_button.setEnabled(self.model.refusal is None)
        nothing = (self.model.session is not None and self.model.refusal is None and n == 0
                   and not self.model.search_text and self.model.filters is None)
        self.empty.setText(_("No case yet on this device. Start with “New interview”.")
                           if nothing else "")
        self.empty.setVisible(nothing)

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row = self._selected_row()
        self.open_button.setEnabled(row >= 0)
        self.resume_button.setEnabled(row >= 0 and self.model.is_draft(row))

    def _activated(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id is not None:
            self.open_case.emit(case_id)

    def _open_selected(self) -> None:
        case_id = self.model.case_id(self._selected_row())
        if case_id is not None:
            self.open_case.emit(case_id)

    def _resume_selected(self) -> None:
        case_id = self.model.case_id(self._selected_row())
        if case_id is not None:
            self.resume_case.emit(case_id)
