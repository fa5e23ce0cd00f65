"""Settings → Sync: the relay address, minutes between background syncs, "Sync
now" with its progress, and what the last sync did. The syncing itself is
`gui.sync_status.RelaySync` (a worker thread); this box only shows and asks."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui.common import wrapped_label
from screening_app.gui.sync_status import WARNING_STYLE, RelaySync, status_line
from screening_app.i18n import _


class RelaySyncBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relay_sync")
        self.session: Any = None
        self.sync: RelaySync | None = None
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://relay.example.org")
        self.address.editingFinished.connect(self.save_address)
        self.interval = QSpinBox()
        self.interval.setRange(1, 240)
        self.interval.valueChanged.connect(self._interval_chosen)
        self.address_label = QLabel()
        self.interval_label = QLabel()
        self.sync_button = QPushButton()
        self.sync_button.clicked.connect(self.sync_now)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        row = QHBoxLayout()               # minutes, Sync now and its progress on one line
        row.addWidget(self.interval)
        row.addWidget(self.sync_button)
        row.addWidget(self.bar, 1)
        row.addStretch(0)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.address_label.setBuddy(self.address)
        self.interval_label.setBuddy(self.interval)
        form.addRow(self.address_label, self.address)
        form.addRow(self.interval_label, row)
        self.problem = wrapped_label()
        self.problem.setObjectName("relay_address_problem")
        self.problem.setStyleSheet(WARNING_STYLE)
        self.state = wrapped_label()      # the last sync, and what is waiting
        self.note = wrapped_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for label in (self.problem, self.state, self.note):
            label.hide()                  # empty labels take no room (200 % text)
            layout.addWidget(label)
        self.retranslate()

    # --- wiring ---------------------------------------------------------------
    def attach(self, sync: RelaySync) -> None:
        self.sync = sync
        sync.changed.connect(self.refresh)
        sync.progressed.connect(self._progressed)

    def set_session(self, session: Any) -> None:
        from screening_app.exchange.relay_sync import relay_url, sync_interval

        self.session = session
        self.setVisible(session is not None and session.user.role is not Role.ADMIN)
        self._problem("")
        if session is None:
            return
        self.address.setText(relay_url(session) or "")
        self.interval.blockSignals(True)
        self.interval.setValue(sync_interval(session))
        self.interval.blockSignals(False)
        self.refresh()

    def clear_private(self) -> None:
        self.session = None
        self.address.clear()
        _show(self.state, "")
        self._problem("")

    def _problem(self, text: str) -> None:
        _show(self.problem, text)

    # --- actions --------------------------------------------------------------
    def save_address(self) -> None:
        from screening_app.exchange.relay_sync import relay_url, set_relay_url

        if self.session is None or not self.session.is_open:    # closing: focus left
            return
        if self.address.text().strip() == (relay_url(self.session) or ""):
            return
        try:
            stored = set_relay_url(self.session, self.address.text())
        except Refused as refused:
            self._problem(refused.message)
            return
        self._problem("")
        self.address.setText(stored or "")
        if self.sync is not None:
            self.sync.changed.emit()

    def sync_now(self) -> None:
        self.save_address()
        if self.problem.text() or self.sync is None:
            return
        if not self.sync.sync_now() and not self.sync.running:
            self._problem(_("Enter the relay address first (ask your relay operator)."))

    def _interval_chosen(self, value: int) -> None:
        from screening_app.exchange.relay_sync import INTERVAL_KEY

        if self.session is None:
            return
        self.session.settings.set(INTERVAL_KEY, int(value), device=True)
        if self.sync is not None:
            self.sync.interval_changed()

    def _progressed(self, done: int, total: int, what: str) -> None:
        self.bar.setVisible(True)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        _show(self.state, what)

    # --- showing ----------------------------------------------------------------
    def refresh(self) -> None:
        sync = self.sync
        running = sync is not None and sync.running
        self.sync_button.setEnabled(self.session is not None and not running)
        self.bar.setVisible(running)
        if sync is None:
            return
        line = status_line(sync)
        if not running:       # one message: the page must fit 768 px at 200 % text
            _show(self.state, line.long if line.warning else sync.message or line.short)
        self.state.setStyleSheet(WARNING_STYLE if line.warning else "")
        # The note helps until an address is set; then its room goes to the messages.
        _show(self.note, "" if line.short else _(
            "Packets are end-to-end encrypted: the relay cannot read them. Ask your relay "
            "operator for the address."))

    def retranslate(self) -> None:
        self.setTitle(_("Sync with a relay"))
        self.address_label.setText(_("Relay addre&ss"))
        self.interval_label.setText(_("Minutes &between syncs"))
        self.address.setAccessibleName(_("Relay address"))
        self.interval.setAccessibleName(_("Minutes between syncs"))
        self.sync_button.setText(_("Sync no&w"))
        self.refresh()


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
