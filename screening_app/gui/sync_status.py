"""Sync with a relay in the background while the program is unlocked, and its
line in the top bar.

`RelaySync` (one per workspace) runs `exchange.relay_sync.sync_relay` in a worker
thread every few minutes when a relay address is set, and at once on "Sync now";
the window never waits for the network. Locking stops it: a sync running then
stops at the next packet (every packet is its own transaction; nothing is lost)
and whatever it still reports is ignored. `SyncStatusWidget` is the top bar's
short line (last success, outbox waiting, unreachable) with a progress bar
while a sync runs; the tooltip has the whole sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui.exchange_sync import SyncWorker
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.exchange.relay_sync import RelayStatus
    from screening_app.exchange.sync import SyncReport

FIRST_SYNC_MS = 3000           # soon after unlocking, not during it
WARNING_STYLE = "color: #b3261e;"


class Stopped(Refused):
    """The program locked during a sync: stop at the next packet."""


class RelaySync(QObject):
    changed = Signal()                   # the status line should be shown again
    progressed = Signal(int, int, str)
    finished = Signal(object)            # SyncReport of a completed sync
    failed = Signal(str)                 # a translated line; nothing was lost
    imported = Signal()                  # cases came in: lists should reload

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.worker: SyncWorker | None = None
        self.progress: tuple[int, int] | None = None
        self.report: SyncReport | None = None     # the last sync's, when it completed
        self.error: str | None = None             # else why it stopped (translated)
        self._generation = 0
        self._retired: list[SyncWorker] = []
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)

    # --- session --------------------------------------------------------------
    def start(self, session: Any) -> None:
        """Unlocked: sync every few minutes while a relay address is set."""
        from screening_app.exchange.relay_sync import sync_interval

        self.stop()
        if session.user.role is Role.ADMIN:     # administrators hold no cases
            return
        self.session = session
        self.timer.start(sync_interval(session) * 60_000)
        if self.configured:
            QTimer.singleShot(FIRST_SYNC_MS, self._first_sync)
        self.changed.emit()

    def _first_sync(self) -> None:
        if self.session is not None and not self.running:
            self.sync_now()

    def stop(self) -> None:
        """Locked: forget the session; a running sync stops at its next packet."""
        self.timer.stop()
        self._generation += 1
        self.session = None
        self.progress = None
        self.report = self.error = None
        if self.worker is not None and self.worker.isRunning():
            self._retired.append(self.worker)     # kept alive until its thread ends
            self.worker.finished.connect(self._forget_retired)
        self.worker = None
        self.changed.emit()

    def _forget_retired(self) -> None:
        self._retired = [w for w in self._retired if w.isRunning()]

    def wait(self, ms: int = 10_000) -> None:
        """Before the program quits: let a running sync thread end."""
        for worker in [*self._retired, *([self.worker] if self.worker else [])]:
            worker.wait(ms)

    def interval_changed(self) -> None:
        from screening_app.exchange.relay_sync import sync_interval

        if self.session is not None:
            self.timer.start(sync_interval(self.session) * 60_000)

    # --- state ----------------------------------------------------------------
    @property
    def message(self) -> str | None:
        """What the last sync did, in the current language (or why it stopped)."""
        return self.report.summary() if self.report is not None else self.error

    @property
    def configured(self) -> bool:
        from screening_app.exchange.relay_sync import relay_url

        return self.session is not None and relay_url(self.session) is not None

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def status(self) -> RelayStatus | None:
        from screening_app.exchange.relay_sync import relay_status

        return None if self.session is None else relay_status(self.session)

    # --- syncing --------------------------------------------------------------
    def sync_now(self) -> bool:
        """Start a sync unless one runs or no relay is set; True when started."""
        if self.session is None or self.running or not self.configured:
            return False
        from screening_app.exchange.relay_sync import sync_relay

        session, generation = self.session, self._generation

        def run(progress: Any) -> SyncReport:
            def checked(done: int, total: int, what: str) -> None:
                if generation != self._generation:
                    raise Stopped(_("Sync stopped: the program was locked."))
                progress(done, total, what)

            return sync_relay(session, None, checked)

        self.worker = SyncWorker(run, None)
        self.worker.progressed.connect(lambda d, t, w: self._progressed(generation, d, t, w))
        self.worker.succeeded.connect(lambda report: self._succeeded(generation, report))
        self.worker.failed.connect(lambda message: self._failed(generation, message))
        self.progress = (0, 0)
        self.worker.start()
        self.changed.emit()
        return True

    def _progressed(self, generation: int, done: int, total: int, what: str) -> None:
        if generation == self._generation:
            self.progress = (done, total)
            self.progressed.emit(done, total, what)
            self.changed.emit()

    def _succeeded(self, generation: int, report: SyncReport) -> None:
        if generation != self._generation:
            return
        self.progress = None
        self.report, self.error = report, None
        self.finished.emit(report)
        if any(r.changed for r in report.imported):
            self.imported.emit()
        self.changed.emit()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.progress = None
        self.report, self.error = None, message
        self.failed.emit(message)
        self.changed.emit()


def _clock(at: datetime) -> str:
    from screening_app.i18n.format import format_datetime, format_time

    local = at.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return format_time(local, tz=local.tzinfo)
    return format_datetime(local, format="short", tz=local.tzinfo)


@dataclass(frozen=True)
class StatusLine:
    short: str          # the top bar's text ("" while no relay is set)
    long: str           # the whole sentence: tooltip, and Settings when it is a warning
    warning: bool       # the last sync failed, or packets were not delivered


def status_line(sync: RelaySync) -> StatusLine:
    status = sync.status()
    if status is None or status.url is None:
        return StatusLine("", "", False)
    waiting = _("{count} waiting in the outbox").format(count=status.outbox_waiting)
    if sync.progress is not None:
        done, total = sync.progress
        short = _("Syncing {done}/{total}").format(done=done, total=total) if total else \
            _("Syncing…")
        return StatusLine(short, _("Syncing with the relay {url}.").format(url=status.url),
                          False)
    if status.failing:
        short = _("Relay not reachable") if status.failure_code == "unreachable" else \
            _("Sync failed")
        assert status.last_failure is not None
        since = _("since {time}").format(time=_clock(status.last_failure))
        return StatusLine(f"{short} ({since}) · {waiting}", status.failure_message(), True)
    relay = _("Relay: {url}").format(url=status.url)
    if status.last_success is None:
        return StatusLine(_("Not synced yet") + " · " + waiting, relay, False)
    last = _("Synced {time}").format(time=_clock(status.last_success))
    report = sync.report
    if report is not None and report.undelivered:    # expired or refused: say it
        lost = _("{count} not delivered").format(count=len(report.undelivered))
        return StatusLine(f"{last} · {waiting} · {lost}",
                          "\n".join(report.lines(command_line=False)), True)
    return StatusLine(f"{last} · {waiting}", relay, False)


class ElidedLabel(QLabel):
    """One line that shortens itself with "…" to the room it gets (the whole text
    is in the tooltip): the top bar fits 1366 px at 200 % text in every language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(self.width(), 0)))


class SyncStatusWidget(QWidget):
    """The top bar's sync line: hidden while no relay address is set. Give it the
    bar's spare room (stretch); it shortens itself to fit."""

    def __init__(self, sync: RelaySync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.label = ElidedLabel()
        self.label.setObjectName("sync_status")
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(90)
        self.bar.setTextVisible(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        sync.changed.connect(self.refresh)
        self.refresh()

    def retranslate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        line = status_line(self.sync)
        self.label.set_full_text(line.short)
        self.label.setToolTip(line.long)
        self.label.setAccessibleName(line.long or line.short)
        self.label.setStyleSheet(WARNING_STYLE if line.warning else "")
        progress = self.sync.progress
        self.bar.setVisible(progress is not None)
        if progress is not None:
            done, total = progress
            self.bar.setRange(0, total)     # 0..0: busy until the first count
            self.bar.setValue(done)
        self.label.setVisible(bool(line.short))
