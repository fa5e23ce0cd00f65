"""The case list model: pages of `CaseSummary` rows fetched lazily from storage.

Qt asks `canFetchMore`/`fetchMore` as the user scrolls, so 100,000 cases cost one
page (PAGE rows) at a time; no widget per row. With search text, rows come from
`session.cases.search` (best matches first) instead of paging.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.duplicates import DuplicateMarker, duplicate_marks
from screening_app.gui.formatting import OUTCOME_TEXT, REFERRAL_TEXT
from screening_app.i18n import N_, _

PAGE = 200
SEARCH_LIMIT = 500

# (column key = storage sort key, header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("reference", N_("Reference")),
    ("display_name", N_("Name")),
    ("created_at", N_("Started")),
    ("status", N_("Status")),
    ("outcome", N_("Outcome")),
    ("referral_state", N_("Referral")),
)
UNSORTABLE = {"referral_state"}

STATUS_TEXT = {
    "Active": N_("Active"), "FollowUp": N_("Follow-up"), "Closed": N_("Closed"),
    "ClosedReferred": N_("Closed, referred"),
}

Index = QModelIndex | QPersistentModelIndex
# The outcome of a case with urgent needs is red in the list (legend and tooltip).
URGENT_COLOUR = "#a51d2d"
URGENT_TIP = N_("Red: urgent needs were reported in this case. Act on them first.")


@dataclass(frozen=True)
class CaseQuery:
    """What the case list shows, as one value: the search text and the filters.
    The screen makes it from its visible fields; the model holds only this."""

    text: str = ""
    status: str | None = None
    outcome: str | None = None
    referral: str | None = None
    days: int | None = None          # started in the last `days` days

    def case_filter(self) -> Any:
        """A storage CaseFilter, or None when nothing is filtered."""
        if self.status is None and self.outcome is None and self.referral is None \
                and self.days is None:
            return None
        case_filter = layers.load("screening_app.storage").CaseFilter
        since = None if self.days is None else datetime.now(UTC) - timedelta(days=self.days)
        return case_filter(status=self.status, outcome=self.outcome,
                           referral_state=self.referral, created_from=since)


def summary_value(row: Any, key: str) -> Any:
    """The value shown in column `key` for a storage CaseSummary."""
    if key == "display_name":
        native, latin = row.display_name, row.latin_name
        return f"{native} ({latin})" if native and latin and native != latin else native or latin
    return getattr(row, key)


def display(key: str, value: Any) -> str:
    if value is None:
        return ""
    raw = getattr(value, "value", value)
    if key == "status":
        return _(STATUS_TEXT.get(str(raw), str(raw)))
    if key == "outcome":
        return _(OUTCOME_TEXT.get(str(raw), str(raw)))
    if key == "referral_state":
        return _(REFERRAL_TEXT.get(str(raw), str(raw)))
    if isinstance(value, datetime | date):
        from screening_app.gui.formatting import short_date

        return short_date(value)
    return str(value)


class CaseTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.session: Any = None
        self.rows: list[Any] = []
        self._total: int | None = 0
        self._more = False
        self.query = CaseQuery()
        self.filters: Any = None             # the storage filter of `query`
        self.sort_key = "created_at"
        self.descending = True
        self.refusal: str | None = None      # why storage showed no case at all
        self.marked: set[str] = set()        # rows with a possible same person (gui/duplicates.py)
        self._marker = DuplicateMarker()

    # --- loading --------------------------------------------------------------
    def set_session(self, session: Any, query: CaseQuery | None = None) -> None:
        self.session = session
        self.set_query(query or CaseQuery())

    def set_query(self, query: CaseQuery) -> None:
        self.query = CaseQuery(query.text.strip(), query.status, query.outcome,
                               query.referral, query.days)
        self.filters = self.query.case_filter()
        self.reload()

    @property
    def search_text(self) -> str:
        return self.query.text

    @property
    def total_known(self) -> bool:
        """True when the first page already told how many cases match (no count needed)."""
        return self._total is not None

    @property
    def total(self) -> int:
        """How many cases match. Counted when first asked, not before the first
        rows are shown (counting 100,000 cases costs 50-200 ms)."""
        if self._total is None:
            self._total = 0 if self.session is None else int(
                self.session.cases.count(self.filters))
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._total, self._more = 0, False
        self.refusal = None
        try:
            self._load_first()
        except Refused as refused:           # e.g. an administrator reads no case
            self.rows, self._total, self._more = [], 0, False
            self.refusal = refused.message
        self.endResetModel()

    def _load_first(self) -> None:
        self.marked = set()
        if self.session is not None:
            cases = self.session.cases
            if self.search_text:
                self.rows = list(cases.search(self.search_text, limit=SEARCH_LIMIT,
                                              filters=self.filters))
                self._total = len(self.rows)
            else:
                self.rows = self._page()
                self._more = len(self.rows) == PAGE
                self._total = None if self._more else len(self.rows)
            self.marked = duplicate_marks(self.session, self.rows)

    def _page(self, after: Any = None) -> list[Any]:
        # keyset paging: the page after the last loaded row costs the same at
        # row 100,000 as at row 200 (OFFSET walks every row before it)
        return list(self.session.cases.list(limit=PAGE, sort=self.sort_key,
                                             descending=self.descending,
                                             filters=self.filters, after=after))

    def clear(self) -> None:
        """Forget the session, the rows and the query (at a lock)."""
        self.beginResetModel()
        self.session = None
        self.rows = []
        self.query, self.filters = CaseQuery(), None
        self.marked = set()
        self._total, self._more = 0, False
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.session is not None and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        more = self._page(self.rows[-1] if self.rows else None)
        self._more = len(more) == PAGE
        if not more:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.marked |= duplicate_marks(self.session, more)
        self.endInsertRows()

    # --- Qt model -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            text = display(key, summary_value(row, key))
            if key == "status" and row.draft:
                text = _("{status} (draft)").format(status=text)
            return text
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if key == "display_name" and row.id in self.marked:
            return self._marker(role)
        if key == "outcome" and row.urgent:
            if role == Qt.ItemDataRole.ForegroundRole:
                from PySide6.QtGui import QColor

                return QColor(URGENT_COLOUR)
            if role == Qt.ItemDataRole.ToolTipRole:
                return _(URGENT_TIP)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if COLUMNS[column][0] in UNSORTABLE:
            return
        self.sort_key = COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def case_id(self, row: int) -> str | None:
        if 0 <= row < len(self.rows):
            return str(self.rows[row].id)
        return None

    def is_draft(self, row: int) -> bool:
        return 0 <= row < len(self.rows) and bool(self.rows[row].draft)

    def retranslate(self) -> None:
        """Headers and translated cells change with the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(COLUMNS) - 1))
