"""Statistics screen (supervisors and administrators): filters, charts of the
protected counts, and buttons that write the PDF, the CSV or the HTCDS case-level
export. A thin view: storage counts and refuses officers, statistics protects,
exchange.statistics_export writes and audits; the charts show exactly the numbers
the PDF shows (a suppressed count is a grey stub with its mark)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import Screen, show_refusal, wrapped_label
from screening_app.gui.layout import ButtonRow
from screening_app.i18n import _, current_language

STATS = "screening_app.storage.statistics"
LABELS = "screening_app.statistics.labels"
CHARTS = ("outcome", "month", "age", "gender", "nationality", "exploitation", "referral",
          "received")
BAR = QColor(41, 97, 158)
STUB = QColor(200, 200, 200)


class BarChartWidget(QWidget):
    """Horizontal bars: (label, value or None when suppressed, text shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int | None, str]] = []

    def set_bars(self, bars: list[tuple[str, int | None, str]]) -> None:
        self.bars = bars
        self.setAccessibleDescription("; ".join(f"{label}: {text}" for label, _v, text in bars))
        self.updateGeometry()
        self.update()

    def row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:
        return QSize(420, self.row_height() * max(1, len(self.bars)) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        row = self.row_height()
        label_width = int(self.width() * 0.4)
        value_width = metrics.horizontalAdvance("0000000") + 8
        plot = max(10, self.width() - label_width - value_width)
        top = max((v for _l, v, _t in self.bars if v is not None), default=0) or 1
        for i, (label, value, text) in enumerate(self.bars):
            y = i * row
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, y, label_width - 6, row),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                             metrics.elidedText(label, Qt.TextElideMode.ElideRight,
                                                label_width - 6))
            bar_h = row * 0.6
            width = 10.0 if value is None else plot * value / top
            painter.fillRect(QRectF(label_width, y + (row - bar_h) / 2, width, bar_h),
                             STUB if value is None else BAR)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(label_width + width + 4, y, value_width, row),
                             int(Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class StatisticsView(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.waiting = ""                  # what the page says before a report
        self.session: Any = None
        self.report: Any = None
        self.notice = wrapped_label()
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        today = date.today()
        self.date_from.setDate(QDate(today.year, 1, 1))
        self.date_to.setDate(QDate(today.year, today.month, today.day))
        self.agency = QComboBox()
        self.nationality = QComboBox()
        self.exploitation = QComboBox()
        self.k = QSpinBox()
        self.k.setRange(2, 1000)
        self.k.setValue(11)
        self.native = QCheckBox()
        self.show_button = QPushButton()
        self.pdf_button = QPushButton()
        self.csv_button = QPushButton()
        self.htcds_button = QPushButton()
        self.labels: dict[str, QLabel] = {}
        form = QGridLayout()
        for i, (key, widget) in enumerate((("from", self.date_from), ("to", self.date_to),
                                           ("agency", self.agency),
                                           ("nationality", self.nationality),
                                           ("exploitation", self.exploitation), ("k", self.k))):
            label = QLabel()
            label.setBuddy(widget)
            self.labels[key] = label
            form.addWidget(label, i // 3 * 2, i % 3)
            form.addWidget(widget, i // 3 * 2 + 1, i % 3)
        buttons = ButtonRow()             # wraps at 200 % text instead of cutting words
        for button in (self.show_button, self.pdf_button, self.csv_button, self.htcds_button,
                       self.native):
            buttons.addWidget(button)
        self.summary = wrapped_label()
        self.status = wrapped_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.charts: dict[str, tuple[QLabel, BarChartWidget]] = {}
        grid = QGridLayout()
        for i, key in enumerate(CHARTS):
            title, chart = QLabel(), BarChartWidget()
            title.setWordWrap(True)
            self.charts[key] = (title, chart)
            grid.addWidget(title, i // 2 * 2, i % 2)
            grid.addWidget(chart, i // 2 * 2 + 1, i % 2)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.summary)
        inner_layout.addLayout(grid)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(buttons)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.htcds_button.clicked.connect(lambda: self.export("htcds"))
        self.native.toggled.connect(lambda _on: self.draw())
        self.retranslate()

    # --- text ----------------------------------------------------------------------
    def retranslate(self) -> None:
        texts = {"from": _("&From"), "to": _("&To"), "agency": _("A&gency"),
                 "nationality": _("Nationalit&y"), "exploitation": _("&Exploitation type"),
                 "k": _("Smallest count shown (&k)")}
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.show_button.setText(_("&Show"))
        self.pdf_button.setText(_("Save &PDF…"))
        self.csv_button.setText(_("Save CS&V…"))
        self.htcds_button.setText(_("Export for a national &database (HTCDS)…"))
        self.htcds_button.setToolTip(_("One row per case in HTCDS 2.0 names, without names, "
                                       "contacts, dates or free text; cases too alike to "
                                       "fewer than k others are left out."))
        self.native.setText(_("Native digits"))
        self._fill_choices()
        self.draw()

    def _fill_choices(self) -> None:
        def refill(combo: QComboBox, items: list[tuple[str, str | None]]) -> None:
            current = combo.currentData()
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            found = combo.findData(current)
            combo.setCurrentIndex(max(0, found))

        refill(self.exploitation, [(_("All"), None), (_("Labour exploitation"), "labour"),
                                   (_("Sexual exploitation"), "sexual")])
        agencies: list[str] = []
        nationalities: list[str] = []
        if self.session is not None and self.allowed():
            store = layers.load(STATS).StatisticsStore(self.session)
            agencies, nationalities = store.agencies(), store.nationalities()
        refill(self.agency, [(_("All"), None), (_("Recorded here"), "own"),
                             *((a, a) for a in agencies)])
        from screening_app.i18n.format import country_name

        refill(self.nationality, [(_("All"), None),
                                  *((country_name(c), c) for c in nationalities)])

    # --- session -------------------------------------------------------------------
    def set_session(self, session: Any) -> None:
        self.session = session
        self.native.setChecked(layers.load(LABELS).uses_native_digits(current_language()))
        allowed = self.allowed()
        for widget in (self.show_button, self.pdf_button, self.csv_button, self.htcds_button,
                       self.date_from, self.date_to, self.agency, self.nationality,
                       self.exploitation, self.k, self.native):
            widget.setEnabled(allowed)
        self.notice.setText("" if allowed else _(
            "Statistics cover every case of this installation, so only a supervisor or an "
            "administrator can produce them. Ask one of them, or sign in with such an "
            "account. Nothing was written."))
        self.notice.setVisible(not allowed)
        self.report = None
        self.waiting = ""
        self._fill_choices()
        self.draw()

    def allowed(self) -> bool:
        return self.session is not None and self.session.user.role.value in (
            "supervisor", "admin")

    def clear_private(self) -> None:
        self.session = None
        self.report = None
        self.waiting = ""
        self.status.setText("")
        self.draw()

    # --- the request ---------------------------------------------------------------
    def request(self) -> Any:
        from screening_app.statistics.request import StatisticsRequest

        def day(edit: QDateEdit) -> date:
            return date.fromisoformat(edit.date().toString("yyyy-MM-dd"))

        return StatisticsRequest(date_from=day(self.date_from), date_to=day(self.date_to),
                                 k=self.k.value(),
                                 agency=self.agency.currentData(),
                                 nationality=self.nationality.currentData(),
                                 exploitation=self.exploitation.currentData())

    def refresh(self, quiet: bool = False) -> None:
        """Count the chosen period. `quiet` (the page just opened, nobody pressed
        Show): a refusal (no case in the period) is said on the page, not in a box."""
        if not self.allowed():
            return
        self.waiting = ""
        try:
            self.report = layers.load(STATS).produce(self.session, self.request(),
                                                     lang=current_language())
        except Refused as refused:
            self.report = None
            if quiet:
                self.waiting = refused.message
            self.draw()
            if not quiet:
                show_refusal(self, refused)
            return
        self.draw()

    def draw(self) -> None:
        lab = layers.load(LABELS)
        lang = current_language()
        native = self.native.isChecked()
        for key, (title, chart) in self.charts.items():
            title.setText(f"<b>{lab.title(key, lang)}</b>")
            if self.report is None:
                chart.set_bars([])
                continue
            table = self.report.table(key)
            bars = []
            for code in table.row_codes:
                cell = self.report.at(key, code)
                bars.append((lab.category(key, code, lang, native), cell.value,
                             cell.text(self.report.k, lang, native)))
            chart.set_bars(bars)
        if self.report is None:
            self.summary.setText(self.waiting or _("Choose a period and press Show."))
            return
        total = self.report.total().text(self.report.k, lang, native)
        self.summary.setText(_(
            "{total} cases. Counts under {k} show as “{below}”; “x” marks a count hidden "
            "so that no small count can be worked out.").format(
            total=total, k=lab.number(self.report.k, lang, native),
            below=lab.below_k(self.report.k, lang, native)))

    def export(self, fmt: str) -> None:
        if not self.allowed():
            return
        suffix = {"pdf": "pdf", "csv": "csv", "htcds": "csv"}[fmt]
        kinds = {"pdf": _("PDF documents (*.pdf)"), "csv": _("CSV files (*.csv)"),
                 "htcds": _("CSV files (*.csv)")}[fmt]
        name = f"statistics-{self.date_from.date().toString('yyyyMMdd')}-" \
               f"{self.date_to.date().toString('yyyyMMdd')}{'-htcds' if fmt == 'htcds' else ''}"
        target, _filter = QFileDialog.getSaveFileName(self, _("Save statistics"),
                                                      f"{name}.{suffix}", kinds)
        if not target:
            return
        self.write(fmt, target)

    def write(self, fmt: str, target: str) -> str | None:
        """Export to `target` (the buttons ask for it first); the user's line, or None."""
        if not self.allowed():
            return None
        exporter = layers.load("screening_app.exchange.statistics_export")
        try:
            told = exporter.export_statistics(self.session, self.request(), fmt,
                                              current_language(), target,
                                              native_digits=self.native.isChecked())
        except Refused as refused:
            show_refusal(self, refused)
            return None
        self.status.setText(str(told))
        return str(told)
