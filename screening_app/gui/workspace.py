"""The unlocked workspace: a top bar (cases, new interview, settings, lock) over
the screens of one workflow: cases → interview → outcome → referral → case."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.gui import layers
from screening_app.gui.case_detail import CaseDetailView
from screening_app.gui.cases import CasesView
from screening_app.gui.common import Screen, unavailable_tip
from screening_app.gui.interview import InterviewView
from screening_app.gui.mnemonics import GLOBAL
from screening_app.gui.outcome import OutcomeView
from screening_app.gui.referral import ReferralView
from screening_app.gui.settings import SettingsView, admin_note
from screening_app.gui.sync_status import RelaySync, SyncStatusWidget
from screening_app.i18n import _

EXCHANGE_PANEL = "screening_app.gui.exchange_panel"
STATISTICS_VIEW = "screening_app.gui.statistics"


class Workspace(Screen):
    panic = Signal()
    settings_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.cases_button = QPushButton()
        self.new_button = QPushButton()
        self.settings_button = QPushButton()
        self.exchange_button = QPushButton()
        self.exchange: Any = None          # the exchange layer's page, made per session
        self.statistics_button = QPushButton()
        self.statistics: Any = None        # the statistics page, made when first shown
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lock")
        bar = QHBoxLayout()
        for button in (self.cases_button, self.new_button, self.exchange_button,
                       self.statistics_button, self.settings_button):
            button.setProperty(GLOBAL, True)     # the page's own Alt+letter wins
            bar.addWidget(button)
        self.relay_sync = RelaySync(self)        # background sync (gui/sync_status.py)
        bar.addWidget(SyncStatusWidget(self.relay_sync), 1)   # the bar's spare room
        bar.addWidget(self.lock_button)

        self.cases = CasesView()
        self.interview = InterviewView()
        self.outcome = OutcomeView()
        self.referral = ReferralView()
        self.detail = CaseDetailView()
        self.settings = SettingsView()
        self.pages = QStackedWidget()
        self._places: dict[str, Screen] = {
            "cases": self.cases, "interview": self.interview, "outcome": self.outcome,
            "referral": self.referral, "case": self.detail, "settings": self.settings,
        }
        for page in self._places.values():
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)

        self.cases_button.clicked.connect(self.show_cases)
        self.new_button.clicked.connect(self.new_interview)
        self.settings_button.clicked.connect(self.show_settings)
        self.exchange_button.clicked.connect(self.show_exchange)
        self.statistics_button.clicked.connect(self.show_statistics)
        self.lock_button.clicked.connect(self.panic.emit)
        self.cases.open_case.connect(self.show_case)
        self.cases.new_interview.connect(self.new_interview)
        self.cases.resume_case.connect(lambda cid: self.go_to("interview", cid, -1))
        self.interview.finished.connect(lambda cid: self.go_to("outcome", cid, 0))
        self.interview.cancelled.connect(self.show_cases)
        self.outcome.decided.connect(lambda cid: self.go_to("referral", cid, 0))
        self.outcome.back_to_interview.connect(lambda cid: self.go_to("interview", cid, -1))
        self.referral.done.connect(self.show_case)
        self.detail.go.connect(self.go_to)
        self.settings.changed.connect(self.settings_changed.emit)
        self.settings.sync_box.attach(self.relay_sync)
        self.relay_sync.imported.connect(self.cases.refresh)
        self.relay_sync.finished.connect(self._cards_followed)
        self.retranslate()

    def _cards_followed(self, report: Any) -> None:
        """A background sync took in partners' new key cards: the directory shown
        on the Exchange page changed."""
        if report.cards and self.exchange is not None:
            self.exchange.reload()

    def retranslate(self) -> None:
        self.cases_button.setText(_("&Cases"))
        self.new_button.setText(_("&New interview"))
        self.settings_button.setText(_("Se&ttings"))
        self.exchange_button.setText(_("E&xchange"))
        ready = layers.has(EXCHANGE_PANEL)
        self.exchange_button.setEnabled(ready)
        self.exchange_button.setToolTip(
            _("Agency directory, key cards, packets and sync with a folder or USB stick.")
            if ready else unavailable_tip(_("Exchanging referrals")))
        self.statistics_button.setText(_("St&atistics"))
        self.statistics_button.setToolTip(
            _("k-anonymised statistics and the HTCDS export (supervisors and administrators)."))
        self.lock_button.setText(_("Lock now (F12)"))
        self.lock_button.setToolTip(_("Hide everything at once and lock (Ctrl+Shift+L or F12)."))
        self.lock_button.setAccessibleName(_("Lock now"))
        if self.session is not None:
            self.new_button.setToolTip(
                admin_note() if self.session.user.role is Role.ADMIN else "")
            # Who is signed in: in the tooltip and on the Settings page, so the bar
            # fits 1366 px at 200 % text in every language.
            self.lock_button.setToolTip(
                _("Signed in: {user}").format(user=self.session.user.name) + "\n"
                + _("Hide everything at once and lock (Ctrl+Shift+L or F12)."))

    def set_session(self, session: Any) -> None:
        self.session = session
        self.statistics_button.setVisible(session.user.role is not Role.OFFICER)
        # Administrators manage users; storage refuses them cases.
        self.new_button.setEnabled(session.user.role is not Role.ADMIN)
        for page in self._places.values():
            setter = getattr(page, "set_session", None)
            if setter is not None:
                setter(session)
        self.relay_sync.start(session)
        self.retranslate()

    def show_cases(self) -> None:
        self.flush()
        self.cases.refresh()
        self.pages.setCurrentWidget(self.cases)
        self.cases.search.setFocus()

    def show_settings(self) -> None:
        self.flush()
        self.settings.load()
        self.pages.setCurrentWidget(self.settings)

    def show_exchange(self) -> None:
        """The exchange layer's page: directory, key cards, packets, sync."""
        if self.session is None or not layers.has(EXCHANGE_PANEL):
            return
        if self.exchange is None:
            self.exchange = layers.load(EXCHANGE_PANEL).ExchangePanel(self.session)
            self.exchange.cases_changed.connect(self.cases.refresh)
            self.pages.addWidget(self.exchange)
        self.exchange.reload()
        self.pages.setCurrentWidget(self.exchange)

    def show_statistics(self) -> None:
        """The statistics page (supervisors and administrators; it refuses officers)."""
        if self.session is None:
            return
        if self.statistics is None:
            self.statistics = layers.load(STATISTICS_VIEW).StatisticsView()
            self.pages.addWidget(self.statistics)
            self.statistics.set_session(self.session)
        self.pages.setCurrentWidget(self.statistics)

    def show_case(self, case_id: str) -> None:
        self.go_to("case", case_id, 0)

    def new_interview(self) -> None:
        if self.cases.model.refusal is not None:     # administrators read no case
            self.show_cases()
            return
        self.flush()
        self.interview.start_new()
        self.pages.setCurrentWidget(self.interview)

    def go_to(self, place: str, case_id: str | None, step: int) -> None:
        """Open `place` (see `where`) for `case_id`, reading it again from storage."""
        page = self._places.get(place, self.cases)
        if page is self.cases:
            self.show_cases()
            return
        if page is self.settings:
            self.show_settings()
            return
        if page is self.interview and case_id is None:
            self.new_interview()
            return
        if case_id is None:
            self.show_cases()
            return
        opener = page.open_case  # type: ignore[attr-defined]
        opener(case_id, step) if page is self.interview else opener(case_id)
        self.pages.setCurrentWidget(page)

    def where(self) -> tuple[str, str | None, int]:
        """(place, case id, step) of the current screen, for resuming after a lock."""
        page = self.pages.currentWidget()
        place = next((k for k, v in self._places.items() if v is page), "cases")
        case_id = getattr(page, "case_id", None)
        step = self.interview.step if page is self.interview else 0
        return place, case_id, step

    def flush(self) -> None:
        """Save what a screen still holds in its fields (before a lock)."""
        self.interview.flush()

    def clear_private(self) -> None:
        self.session = None
        self.relay_sync.stop()
        if self.statistics is not None:        # it holds the session and the counts
            self.pages.removeWidget(self.statistics)
            self.statistics.clear_private()
            self.statistics.deleteLater()
            self.statistics = None
        if self.exchange is not None:          # it holds the session: drop it
            self.pages.removeWidget(self.exchange)
            self.exchange.deleteLater()
            self.exchange = None
        for page in self._places.values():
            page.clear_private()
        self.pages.setCurrentWidget(self.cases)
