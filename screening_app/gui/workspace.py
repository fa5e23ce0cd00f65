"""The unlocked workspace: a top bar (cases, new interview, settings, lock) over
the screens of one workflow: cases → interview → outcome → referral → case.

Each screen is imported and built the first time it is needed (`page(place)`):
the case list at the first unlock, the interview at the first interview, and so
on, so the first window and the first unlock stay fast. A new screen is added
with `Workspace.PAGES[place] = builder`, where `builder(workspace)` returns the
Screen with its signals connected; `workspace.page(place)` shows it
(`go_to(place, case_id, step)` for a screen about one case, with `open_case`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import Screen, show_refusal, unavailable_tip
from screening_app.gui.layout import ButtonRow
from screening_app.gui.mnemonics import GLOBAL
from screening_app.gui.settings import admin_note
from screening_app.gui.sync_status import RelaySync, SyncStatusWidget
from screening_app.i18n import _

EXCHANGE_PANEL = "screening_app.gui.exchange_panel"
STATISTICS_VIEW = "screening_app.gui.statistics"


def _cases(ws: Workspace) -> Screen:
    from screening_app.gui.cases import CasesView

    page = CasesView()
    page.open_case.connect(ws.show_case)
    page.new_interview.connect(ws.new_interview)
    page.resume_case.connect(lambda cid: ws.go_to("interview", cid, -1))
    return page


def _interview(ws: Workspace) -> Screen:
    from screening_app.gui.interview import InterviewView

    page = InterviewView()
    page.finished.connect(lambda cid: ws.go_to("outcome", cid, 0))
    page.cancelled.connect(ws.show_cases)
    return page


def _outcome(ws: Workspace) -> Screen:
    from screening_app.gui.outcome import OutcomeView

    page = OutcomeView()
    page.decided.connect(lambda cid: ws.go_to("referral", cid, 0))
    page.back_to_interview.connect(lambda cid: ws.go_to("interview", cid, -1))
    return page


def _referral(ws: Workspace) -> Screen:
    from screening_app.gui.referral import ReferralView

    page = ReferralView()
    page.done.connect(ws.show_case)
    return page


def _case(ws: Workspace) -> Screen:
    from screening_app.gui.case_detail import CaseDetailView

    page = CaseDetailView()
    page.go.connect(ws.go_to)
    return page


def _settings(ws: Workspace) -> Screen:
    from screening_app.gui.settings import SettingsView

    page = SettingsView()
    page.changed.connect(ws.settings_changed.emit)
    page.sync_box.attach(ws.relay_sync)
    return page


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
        # The top bar: the places wrap onto a second line when they do not fit (200 %
        # text in Burmese), the lock stays at the right; the sync line (shown once a
        # relay is set) has a line of its own under them, so it is rarely shortened.
        places = ButtonRow()
        for button in (self.cases_button, self.new_button, self.exchange_button,
                       self.statistics_button, self.settings_button):
            button.setProperty(GLOBAL, True)     # the page's own Alt+letter wins
            places.addWidget(button)
        bar = QHBoxLayout()
        bar.addWidget(places, 1)
        bar.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignTop)
        self.relay_sync = RelaySync(self)        # background sync (gui/sync_status.py)

        self.pages = QStackedWidget()
        self._built: dict[str, Screen] = {}     # place -> screen, in the order built

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(SyncStatusWidget(self.relay_sync))
        layout.addWidget(self.pages, 1)

        self.cases_button.clicked.connect(self.show_cases)
        self.new_button.clicked.connect(self.new_interview)
        self.settings_button.clicked.connect(self.show_settings)
        self.exchange_button.clicked.connect(self.show_exchange)
        self.statistics_button.clicked.connect(self.show_statistics)
        self.lock_button.clicked.connect(self.panic.emit)
        self.relay_sync.imported.connect(self._refresh_cases)
        self.relay_sync.finished.connect(self._cards_followed)
        self.retranslate()

    def _refresh_cases(self) -> None:
        """A background sync brought cases in: the case list, if built, reloads."""
        cases = self.built("cases")
        if cases is not None:
            cases.refresh()

    def _cards_followed(self, report: Any) -> None:
        """A background sync took in partners' new key cards: the directory shown
        on the Exchange page changed."""
        if report.cards and self.exchange is not None:
            self.exchange.reload()

    # --- screens, built on first use ----------------------------------------------
    PAGES: ClassVar[dict[str, Callable[[Workspace], Screen]]] = {
        "cases": _cases, "interview": _interview, "outcome": _outcome,
        "referral": _referral, "case": _case, "settings": _settings,
    }

    def page(self, place: str) -> Any:
        """The screen of `place`, imported and built the first time it is asked for."""
        screen = self._built.get(place)
        if screen is None:
            screen = self.PAGES[place](self)
            self._built[place] = screen
            self.pages.addWidget(screen)
            if self.session is not None and hasattr(screen, "set_session"):
                screen.set_session(self.session)
        return screen

    def built(self, place: str) -> Any:
        """The screen of `place` if it was built, else None (nothing is built)."""
        return self._built.get(place)

    @property
    def cases(self) -> Any:
        return self.page("cases")

    @property
    def interview(self) -> Any:
        return self.page("interview")

    @property
    def outcome(self) -> Any:
        return self.page("outcome")

    @property
    def referral(self) -> Any:
        return self.page("referral")

    @property
    def detail(self) -> Any:
        return self.page("case")

    @property
    def settings(self) -> Any:
        return self.page("settings")

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
        for page in self._built.values():
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
            self.statistics.refresh(quiet=True)     # this year so far, at once
        self.pages.setCurrentWidget(self.statistics)

    def show_case(self, case_id: str) -> None:
        self.go_to("case", case_id, 0)

    def new_interview(self) -> None:
        if self.cases.model.refusal is not None:     # administrators read no case
            self.show_cases()
            return
        self._open_interview(None, 0)

    def _open_interview(self, case_id: str | None, step: int) -> None:
        """Show a new interview (`case_id` None) or a saved one. The interview in
        progress is never thrown away unasked: a recorded one is saved as a draft,
        one not recorded yet (before consent) is offered to continue."""
        interview = self.interview
        try:
            loaded = interview.load(case_id)        # a refusal changes nothing
        except Refused as refused:
            show_refusal(self, refused)
            return
        if interview.has_unrecorded() and not self._discard_unrecorded():
            self.pages.setCurrentWidget(interview)
            return
        interview.save_draft()
        interview.bind(loaded, step)
        self.pages.setCurrentWidget(interview)

    def _discard_unrecorded(self) -> bool:
        """Ask before throwing away an interview that exists only in memory."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Interview in progress"), _(
            "An interview is in progress. The person has not yet agreed to recording, so "
            "its answers are kept nowhere else and cannot be saved as a draft."), parent=self)
        keep = box.addButton(_("&Continue that interview"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(_("&Discard its answers"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is not keep

    def go_to(self, place: str, case_id: str | None, step: int) -> None:
        """Open `place` (see `where`) for `case_id`, reading it again from storage.
        When storage or the form refuses, say why and stay where we are."""
        if place not in self.PAGES or place == "cases" or (
                place not in ("settings", "interview") and case_id is None):
            self.show_cases()
            return
        if place == "settings":
            self.show_settings()
            return
        if place == "interview":
            self._open_interview(case_id, step)
            return
        page = self.page(place)
        self.flush()
        try:
            page.open_case(case_id)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.pages.setCurrentWidget(page)

    def where(self) -> tuple[str, str | None, int]:
        """(place, case id, step) of the current screen, for resuming after a lock."""
        page = self.pages.currentWidget()
        place = next((k for k, v in self._built.items() if v is page), "cases")
        case_id = getattr(page, "case_id", None)
        step = int(getattr(page, "step", 0)) if place == "interview" else 0
        return place, case_id, step

    def flush(self) -> None:
        """Save what a screen still holds in its fields (before a lock or leaving)."""
        interview = self.built("interview")
        if interview is not None:
            interview.save_draft()

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
        for page in self._built.values():
            page.clear_private()
        self.pages.setCurrentWidget(self.cases)
