"""Outcome screen: the engine's suggestion and its reasons (urgent needs first,
then dimensions and indicators, the deciding rule, the provisional status of the
indicator set), and the officer's decision: confirm, or override with a reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import OutcomeKind, Role
from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.case_forms import form_or_none
from screening_app.gui.common import CaseScreen, show_refusal, wrapped_label
from screening_app.i18n import N_, _

SHORT = {
    OutcomeKind.PRESUMED_VICTIM: N_("Presumed victim"),
    OutcomeKind.INDICATORS_PRESENT: N_("Indicators present"),
    OutcomeKind.NO_INDICATORS: N_("No indicators"),
}


def screening() -> Any:
    return layers.load("screening_app.screening")


def reasons_text(outcome: Any, case: Any = None) -> str:
    """The engine's explanation of an Outcome in words, in the current language; with
    the case, questions are named by their words in the form the case was taken with."""
    form = None if case is None else form_or_none(case)
    return "\n".join(screening().explain(outcome, form, details=False)[1:])


def details_text(outcome: Any) -> str:
    """The identifiers behind the explanation (indicator set, rule set, rule), for
    supervisors and audits."""
    return str(layers.load("screening_app.screening.explain").explain_details(outcome))


def urgent_questions(case: Any, outcome: Any) -> list[str]:
    """The questions whose answers raised the urgent flag, in the officer's words."""
    form = form_or_none(case)
    if form is None:
        return [_("An urgent need (the form of this case is not installed here)")
                for _qid in outcome.urgent_reasons[:1]]
    texts = []
    for qid in outcome.urgent_reasons:
        try:
            texts.append(_(str(form.question(qid.split(".")[0]).text)))
        except (KeyError, ValueError):
            continue
    return texts


class OutcomeView(CaseScreen):
    decided = Signal(str)
    back_to_interview = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcome")
        self.urgent = wrapped_label()
        self.urgent.setObjectName("urgent")
        self.suggestion = wrapped_label()
        self.suggestion.setObjectName("heading")
        self.provisional = wrapped_label()
        self.provisional.setObjectName("help")
        self.reasons = wrapped_label()
        self.details = wrapped_label()       # identifiers, shown to supervisors
        self.details.setObjectName("help")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reasons_title = QLabel()
        self.decision = QComboBox()
        self.decision_label = QLabel()
        self.decision_label.setBuddy(self.decision)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(120)
        self.reason_label = QLabel()
        self.reason_label.setBuddy(self.reason)
        self.message = wrapped_label()
        self.message.setObjectName("error")
        self.confirm = QPushButton()
        self.confirm.setDefault(True)
        self.back = QPushButton()
        self.confirm.clicked.connect(self.record_decision)
        self.back.clicked.connect(self._back)
        # The one state of the decision: the outcome the officer has chosen. Each case
        # opened starts at the engine's suggestion; retranslating keeps the choice.
        self.decided_kind: OutcomeKind | None = None
        self.decision.currentIndexChanged.connect(self._decision_chosen)

        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.urgent)
        inner.addWidget(self.suggestion)
        inner.addWidget(self.provisional)
        inner.addWidget(self.reasons_title)
        inner.addWidget(self.reasons)
        inner.addWidget(self.details)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.decision_label, self.decision)
        form.addRow(self.reason_label, self.reason)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def forget(self) -> None:
        self.decided_kind = None
        self.reason.clear()
        for label in (self.urgent, self.suggestion, self.reasons, self.details, self.message):
            label.clear()

    def open_case(self, case_id: str) -> None:
        self.load_case(case_id)
        outcome = self.outcome
        self.decided_kind = None if outcome is None else outcome.kind
        self.reason.clear()
        self.message.clear()
        self.retranslate()
        self.confirm.setFocus()

    def _decision_chosen(self, _index: int) -> None:
        data = self.decision.currentData()
        if data is not None:
            self.decided_kind = OutcomeKind(data)
        self._update_confirm()

    @property
    def outcome(self) -> Any:
        return None if self.case is None else self.case.outcome

    def retranslate(self) -> None:
        self.reasons_title.setText(_("Why"))
        self.decision_label.setText(_("Your &decision"))
        self.reason_label.setText(_("&Reason for a different decision"))
        self.back.setText(_("&Back to the interview"))
        self.reason.setAccessibleName(_("Reason for a different decision"))
        self.decision.setAccessibleName(_("Your decision"))
        outcome = self.outcome
        self.decision.blockSignals(True)
        self.decision.clear()
        for kind in OutcomeKind:
            self.decision.addItem(_(SHORT[kind]), kind.value)
        chosen = self.decided_kind or (outcome.kind if outcome is not None else None)
        self.decision.setCurrentIndex(max(0, self.decision.findData(
            chosen.value if chosen is not None else None)))
        self.decision.blockSignals(False)
        if outcome is None:
            self.suggestion.setText(_("No outcome has been computed for this case yet."))
            self.urgent.hide()
            self.provisional.clear()
            self.reasons.clear()
            self.details.hide()
            self.confirm.setEnabled(False)
            return
        if outcome.urgent:
            needs = "\n".join(f"• {t}" for t in urgent_questions(self.case, outcome))
            self.urgent.setText(_("URGENT: act on these needs before anything else.") + "\n"
                                + needs)
        self.urgent.setVisible(bool(outcome.urgent))
        self.suggestion.setText(_("Suggested: {advice}").format(
            advice=screening().outcome_text(outcome.kind)))
        self.provisional.setText(_("This is a screening suggestion, not a formal "
                                   "identification.") + (
            " " + _("Provisional: the indicator set or rules have not been verified against "
                    "their source.") if outcome.provisional else ""))
        self.reasons.setText(reasons_text(outcome, self.case))
        # The identifiers behind the words: a line for supervisors, a tooltip for others.
        supervisor = self.session is not None and self.session.user.role is Role.SUPERVISOR
        self.details.setText(details_text(outcome) if supervisor else "")
        self.details.setVisible(supervisor)
        self.reasons.setToolTip("" if supervisor else details_text(outcome))
        self._update_confirm()

    def chosen(self) -> OutcomeKind:
        return OutcomeKind(self.decision.currentData())

    def _update_confirm(self) -> None:
        outcome = self.outcome
        overriding = outcome is not None and self.chosen() != outcome.kind
        self.confirm.setText(_("&Override and record") if overriding else
                             _("&Confirm suggestion"))
        self.reason.setEnabled(overriding)
        self.confirm.setEnabled(outcome is not None)
        if not overriding:
            self.message.clear()         # "an override needs a reason" no longer applies

    def record_decision(self) -> None:
        outcome = self.outcome
        if outcome is None or self.case_id is None:
            return
        decided = self.chosen()
        reason = self.reason.toPlainText().strip() or None
        try:
            decision = screening().decide(outcome, decided,
                                          reason if decided != outcome.kind else None,
                                          self.session.user.name)
        except Refused as refused:
            # An override without a reason: say so here, nothing recorded.
            self.message.setText(refused.message)
            self.reason.setFocus()
            return
        try:
            self.session.cases.set_decision(self.case_id, decision)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.decided.emit(self.case_id)

    def _back(self) -> None:
        if self.case_id is not None:
            self.back_to_interview.emit(self.case_id)
