"""Case screen: profile, answers, outcome history with decisions, referrals and,
for supervisors, the case's audit trail. Buttons lead back into the workflow."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.gui.case_forms import form_or_none
from screening_app.gui.case_table import REFERRAL_TEXT, STATUS_TEXT
from screening_app.gui.common import CaseScreen
from screening_app.gui.duplicates import DuplicatesPanel
from screening_app.gui.formatting import (
    agency_name,
    countries_text,
    country_text,
    gender_text,
    language_names,
    short_date,
)
from screening_app.gui.layout import ButtonRow
from screening_app.gui.outcome import SHORT, details_text, reasons_text
from screening_app.i18n import N_, _, ngettext
from screening_app.standards.labels import (
    DECISION_MAKING_ORG,
    REFERRAL_REASON,
    TRAFFICKING_STATUS,
)

# What the audit trail's actions mean, in words (an action not listed shows its code).
AUDIT_TEXT = {
    "create": N_("Case created"), "update": N_("Case changed"), "view": N_("Case opened"),
    "export": N_("Exported"), "import": N_("Imported"), "print": N_("Printed"),
    "outcome": N_("Outcome computed"), "decision": N_("Decision recorded"),
    "referral": N_("Referral saved"), "print_referral": N_("Referral form printed"),
    "print_consent_record": N_("Consent record printed"),
    "packet_export": N_("Packet put in the outbox"), "packet_import": N_("Packet imported"),
    "packet_duplicate": N_("Packet already imported"),
    "packet_quarantine": N_("Packet held in quarantine"),
    "packet_refused": N_("Packet refused"), "packet_copied": N_("Packet copied for sending"),
    "conflict_resolve": N_("Conflict resolved"),
    "duplicate_link": N_("Linked as the same person as another case"),
    "duplicate_dismiss": N_("Marked as a different person from another case"),
    "retention_erase": N_("Personal data erased after the receipt"),
}


def _esc(text: Any) -> str:
    import html

    return html.escape("" if text is None else str(text))


def answer_text(question: Any, value: Any) -> str:
    """An answer in words (option labels, country and language names)."""
    from screening_app.screening import CERTAINTY_LABELS

    kind = str(question.type.value)
    values = value if isinstance(value, list) else [value]
    if question.options:          # yes/no too: the form's wording, as the officer records it
        labels = {o.value: o.officer_text for o in question.options}
        return ", ".join(_(labels.get(v, str(v))) for v in values)
    if kind == "country":
        return ", ".join(country_text(str(v)) for v in values)
    if kind == "language":
        return language_names(str(v) for v in values)
    if kind == "date_or_age" and isinstance(value, dict):
        text = (short_date(date.fromisoformat(value["date"]))
                if _iso_date(value.get("date")) else str(value.get("date") or "")
                ) or _("age {age}").format(age=value.get("age"))
        certainty = dict(CERTAINTY_LABELS).get(str(value.get("certainty")))
        return f"{text} ({_(certainty)})" if certainty else text
    if kind == "repeat" and isinstance(value, list):
        return ngettext("{n} entry", "{n} entries", len(value)).format(n=len(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else str(value)


def _iso_date(text: Any) -> bool:
    try:
        date.fromisoformat(str(text))
    except ValueError:
        return False
    return True


class CaseDetailView(CaseScreen):
    go = Signal(str, object, int)        # place, case id, step

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("case")
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.tabs = QTabWidget()
        self.profile = QTextBrowser()
        self.answers = QTextBrowser()
        self.outcomes = QTextBrowser()
        self.referrals = QTextBrowser()
        self.audit = QTextBrowser()
        for view in (self.profile, self.answers, self.outcomes, self.referrals, self.audit):
            view.setOpenLinks(False)
            self.tabs.addTab(view, "")
        self.resume_button = QPushButton()
        self.outcome_button = QPushButton()
        self.referral_button = QPushButton()
        self.resume_button.clicked.connect(lambda: self._go("interview", -1))
        self.outcome_button.clicked.connect(lambda: self._go("outcome", 0))
        self.referral_button.clicked.connect(lambda: self._go("referral", 0))
        buttons = ButtonRow()
        for button in (self.resume_button, self.outcome_button, self.referral_button):
            buttons.addWidget(button)
        self.duplicates = DuplicatesPanel()       # possible same person (gui/duplicates.py)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.retranslate()

    def forget(self) -> None:
        self.duplicates.forget()
        self.heading.clear()
        for view in (self.profile, self.answers, self.outcomes, self.referrals, self.audit):
            view.clear()

    def open_case(self, case_id: str) -> None:
        self.load_case(case_id)
        self.duplicates.show_case(self.session, case_id)
        self.retranslate()
        self.tabs.setFocus()

    def _go(self, place: str, step: int) -> None:
        if self.case_id is not None:
            self.go.emit(place, self.case_id, step)

    def is_supervisor(self) -> bool:
        return self.session is not None and self.session.user.role is Role.SUPERVISOR

    def retranslate(self) -> None:
        titles = (_("Profile"), _("Answers"), _("Outcomes"), _("Referrals"), _("Audit trail"))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)
        self.tabs.setTabVisible(4, self.is_supervisor())
        self.resume_button.setText(_("&Resume interview"))
        self.outcome_button.setText(_("&Outcome"))
        self.referral_button.setText(_("Re&ferral"))
        case = self.case
        if case is None:
            return
        self.heading.setText(_("Case {ref}").format(ref=case.reference))
        # A finished interview can be reviewed (e.g. consent given later); finishing it
        # again adds a new outcome to the history.
        self.resume_button.setText(_("&Resume interview") if case.draft
                                   else _("Re&view answers"))
        self.outcome_button.setEnabled(case.outcome is not None)
        self.referral_button.setEnabled(case.decision is not None)
        self.profile.setHtml(self._profile_html())
        self.answers.setHtml(self._answers_html())
        self.outcomes.setHtml(self._outcomes_html())
        self.referrals.setHtml(self._referrals_html())
        if self.is_supervisor():
            self.audit.setHtml(self._audit_html())

    def _rows(self, rows: list[tuple[str, Any]]) -> str:
        body = "".join(f"<tr><th align='left'>{_esc(k)}</th><td>{_esc(v)}</td></tr>"
                       for k, v in rows)
        return f"<table cellpadding='4'>{body}</table>"

    def _profile_html(self) -> str:
        p = self.case.person
        c = self.case.consent
        yes, no = _("yes"), _("no")
        return self._rows([
            (_("Name"), p.display_name), (_("Name in Latin letters"), p.latin_name),
            (_("Gender"), gender_text(p.gender.value)),
            (_("Citizenship"), countries_text(p.citizenship)),
            (_("Birth date"), short_date(p.birth_date) if p.birth_date else ""),
            (_("Estimated age"), "" if p.estimated_age is None else p.estimated_age),
            (_("Languages"), language_names(p.languages)),
            (_("Status"), _(STATUS_TEXT.get(self.case.status.value, self.case.status.value))),
            (_("Started"), short_date(self.case.created_at)),
            (_("Consent to interview"), yes if c.interview else no),
            (_("Consent to record"), yes if c.record else no),
            (_("Consent to share for referral"), yes if c.share_for_referral else no),
            *self._standard_rows(),
        ])

    def _standard_rows(self) -> list[tuple[str, Any]]:
        """A competent authority's decision and how the case came here, when recorded."""
        rows: list[tuple[str, Any]] = []
        decided = self.case.authority_decision
        if decided is not None:
            rows.append((_("Formal identification"), " · ".join(x for x in (
                _(TRAFFICKING_STATUS[decided.status]), _(DECISION_MAKING_ORG[decided.decided_by]),
                decided.authority, short_date(decided.decided_on)) if x)))
        came = self.case.incoming_referral
        if came is not None:
            reason = "" if came.reason is None else _(REFERRAL_REASON[came.reason])
            rows.append((_("Referred by"), " · ".join(x for x in (
                came.referring_agency, short_date(came.received_on), reason,
                came.details or "") if x)))
        return rows

    def _answers_html(self) -> str:
        form = form_or_none(self.case)
        if form is None:        # taken with a form not installed here: no ids, no raw values
            return _esc(ngettext(
                "{n} answer was recorded with a form version that is not installed on this "
                "device, so it cannot be shown here.",
                "{n} answers were recorded with a form version that is not installed on this "
                "device, so they cannot be shown here.",
                len(self.case.answers)).format(n=len(self.case.answers)))
        rows = []
        for section in form.sections:
            for question in section.questions:
                if question.id in self.case.answers:
                    value = self.case.answers[question.id].value
                    rows.append((_(str(question.text)), answer_text(question, value)))
        return self._rows(rows) if rows else _esc(_("No answers yet."))

    def _outcomes_html(self) -> str:
        parts: list[str] = []
        for outcome in reversed(self.case.outcomes):
            parts.append(f"<h3>{_esc(_(SHORT[outcome.kind]))} · "
                         f"{_esc(short_date(outcome.computed_at))}</h3>")
            # not <pre>: its monospace font lacks the scripts (and looks like code)
            parts.append("<p style='white-space:pre-wrap'>"
                         f"{_esc(reasons_text(outcome, self.case))}</p>")
            if self.is_supervisor():       # the identifiers behind the words
                parts.append(f"<p><small>{_esc(details_text(outcome))}</small></p>")
        decision = self.case.decision
        if decision is not None:
            text = _("Decision: {decided} by {user}").format(decided=_(SHORT[decision.decided]),
                                                              user=decision.decided_by)
            if decision.overridden:
                text += " — " + _("overrides the suggestion; reason: {reason}").format(
                    reason=decision.reason or "")
            parts.insert(0, f"<p><b>{_esc(text)}</b></p>")
        return "".join(parts) or _esc(_("No outcome yet."))

    def _referrals_html(self) -> str:
        from screening_app.gui.referral import agency_directory

        agencies = {a.id: a for a in agency_directory(self.session)} \
            if self.case.referrals else {}
        rows = []
        for r in self.case.referrals:
            agency = agencies.get(r.agency_id)
            name = agency_name(agency) if agency is not None else _(
                "An agency that is not in this device's directory")
            rows.append((name, f"{_(REFERRAL_TEXT.get(r.status.value, r.status.value))} · "
                               f"{short_date(r.created_at)} · {language_names(r.languages)}"))
        return self._rows(rows) if rows else _esc(_("No referral yet."))

    def _audit_html(self) -> str:
        rows = [(str(entry["at"])[:16].replace("T", " "),
                 f"{entry['user'] or ''} · {_(AUDIT_TEXT.get(entry['action'], entry['action']))}")
                for entry in self.session.audit.entries(self.case_id, limit=500)]
        return self._rows(rows) if rows else _esc(_("No audit entries."))
