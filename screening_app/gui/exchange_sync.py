"""Sync dialog: copies the outbox to a folder and imports from it in a worker
thread, so the window stays responsive with hundreds of packets.

The dialog takes a `run(progress) -> SyncReport` callable; `for_session`
builds one from an open session and a folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.i18n import _

if TYPE_CHECKING:
    from screening_app.exchange.sync import Progress, SyncReport
    from screening_app.storage import Session

SyncRun = Callable[["Progress"], "SyncReport"]


class SyncWorker(QThread):
    """Runs the sync off the GUI thread; reports through queued signals."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)          # SyncReport
    failed = Signal(str)                # a translated, personal-data-free line

    def __init__(self, run: SyncRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run = run

    def run(self) -> None:
        try:
            report = self._run(lambda done, total, what: self.progressed.emit(done, total, what))
        except Refused as refused:
            self.failed.emit(refused.message)
            return
        except Exception as error:  # an unexpected fault must not kill the window
            self.failed.emit(_("Sync stopped: {error}. Packets not yet handled stay where "
                               "they are; run sync again.").format(error=type(error).__name__))
            return
        self.succeeded.emit(report)


class SyncDialog(QDialog):
    finished_report = Signal(object)    # SyncReport, for the caller to refresh its views

    def __init__(self, run: SyncRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: SyncReport | None = None
        self.error: str | None = None
        self.heading = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)          # busy until the first progress report
        self.log = QListWidget()
        self.log.setWordWrap(True)
        self.heading.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.bar, self.log, self.buttons):
            layout.addWidget(widget)
        self.worker = SyncWorker(run, self)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.resize(520, 360)
        self.retranslate()

    @classmethod
    def for_session(cls, session: Session, folder: Path,
                    parent: QWidget | None = None) -> SyncDialog:
        from screening_app.exchange.sync import sync_folder

        return cls(lambda progress: sync_folder(session, folder, progress), parent)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sync with a folder"))
        if self.report is None and self.error is None:
            self.heading.setText(_("Copying the outbox and importing packets…"))

    def start(self) -> None:
        self.worker.start()

    @property
    def running(self) -> bool:
        return self.worker.isRunning()

    def _progress(self, done: int, total: int, what: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.log.addItem(what)
        self.log.scrollToBottom()

    def _done(self, report: SyncReport) -> None:
        self.report = report
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.heading.setText(report.summary())
        for line in report.lines(command_line=False):
            self.log.addItem(line)
        self.buttons.setEnabled(True)
        self.finished_report.emit(report)

    def _failed(self, message: str) -> None:
        self.error = message
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.heading.setText(message)
        self.buttons.setEnabled(True)

    def reject(self) -> None:
        if self.running:                 # never abandon a transaction half-way
            return
        super().reject()
