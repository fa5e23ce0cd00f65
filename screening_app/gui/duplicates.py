"""Possible same person: the note shown when a profile is saved, the panel of the
case screen, the case list's marker, and the side-by-side comparison where a
supervisor links two cases (one person, both cases kept) or marks them as
different people. Nothing is ever merged; both decisions are audited
(storage/duplicates.py).

Hooks elsewhere: gui/case_table.py (marker, `duplicate_marks`),
gui/case_detail.py (`DuplicatesPanel`), gui/interview.py (`DuplicateNote`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui.common import show_refusal, wrapped_label
from screening_app.gui.layout import fit_dialog
from screening_app.i18n import _


def _store() -> Any:
    from screening_app.storage.duplicates import Duplicates

    return Duplicates


def duplicate_marks(session: Any, rows: list[Any]) -> set[str]:
    """Ids of the listed cases that have an undecided candidate the user may see."""
    if session is None or not rows:
        return set()
    try:
        return set(_store()(session).marked([str(r.id) for r in rows]))
    except Refused:
        return set()


class DuplicateMarker:
    """The case list's "possible same person" marker on the name cell, per role.
    The style's icon is looked up once: asked for every marked cell of every frame,
    it cost more than the rest of the cell."""

    def __init__(self) -> None:
        self._icon: Any = None

    def __call__(self, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            if self._icon is None:
                self._icon = QApplication.style().standardIcon(
                    QStyle.StandardPixmap.SP_MessageBoxInformation)
            return self._icon
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return _("Possibly the same person as another case: open the case to compare.")
        return None


def _candidates(session: Any, case_id: str) -> list[Any]:
    try:
        return list(_store()(session).for_case(case_id))
    except Refused:
        return []


class DuplicateNote(QLabel):
    """One line under the interview's notice after the profile is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("warning")
        self.references: list[str] = []
        self.setVisible(False)

    def check(self, session: Any, case_id: str | None) -> None:
        found = [] if session is None or case_id is None else [
            c for c in _candidates(session, case_id) if c.decision is None]
        self.references = [c.other_reference for c in found]
        self.retranslate()

    def clear_note(self) -> None:
        self.references = []
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_("Possibly the same person as case {references}. Go on with the "
                       "interview; a supervisor can compare the cases on the case screen.")
                     .format(references=", ".join(self.references))
                     if self.references else "")
        self.setVisible(bool(self.references))


def _profile_rows(case: Any) -> list[tuple[str, str]]:
    from screening_app.gui.formatting import (
        OUTCOME_TEXT,
        REFERRAL_TEXT,
        countries_text,
        gender_text,
        language_names,
        short_date,
    )
    from screening_app.i18n.format import person_name
    from screening_app.matching import latin_words

    p = case.person
    written = " ".join(x for x in (p.family_name, p.given_name) if x)
    referral = case.referrals[-1].status.value if case.referrals else None
    return [
        (_("Reference"), case.reference),
        (_("Name"), person_name(p.given_name, p.family_name, p.latin_name)),
        (_("Name in Latin letters"), p.latin_name),
        (_("Name as the matcher reads it"), " ".join(latin_words(written or p.latin_name))),
        (_("Gender"), gender_text(p.gender.value)),
        (_("Citizenship"), countries_text(p.citizenship)),
        (_("Birth date"), short_date(p.birth_date) if p.birth_date else ""),
        (_("Estimated age"), "" if p.estimated_age is None else str(p.estimated_age)),
        (_("Languages"), language_names(p.languages)),
        (_("Started"), short_date(case.created_at)),
        (_("Outcome"), _(OUTCOME_TEXT[case.outcome.kind.value]) if case.outcome else ""),
        (_("Referral"), _(REFERRAL_TEXT.get(referral, referral)) if referral else ""),
    ]


class ComparisonDialog(QDialog):
    """Two cases side by side with the score and its reasons; a supervisor links
    them or marks them as different people."""

    def __init__(self, session: Any, case_id: str, candidate: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate-comparison")
        self.session = session
        self.case_id = case_id
        self.candidate = candidate
        self.decided: str | None = None
        # Each case opened here is a view, recorded in the audit log like any other.
        self.cases = [session.cases.get(case_id), session.cases.get(candidate.other_id)]
        # the two profiles scroll: at 200 % in Burmese they are taller than a laptop
        self.profiles = QWidget()
        self.grid = QGridLayout(self.profiles)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.profiles)
        self.reasons = wrapped_label()
        self.state = wrapped_label()
        self.state.setObjectName("help")
        self.buttons = QDialogButtonBox()
        self.link = QPushButton()
        self.different = QPushButton()
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.link, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.different, QDialogButtonBox.ButtonRole.ActionRole)
        self.link.clicked.connect(lambda: self._decide(True))
        self.different.clicked.connect(lambda: self._decide(False))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.reasons)
        layout.addWidget(self.state)
        layout.addWidget(self.buttons)
        supervisor = session.user.role is Role.SUPERVISOR
        self.link.setEnabled(supervisor)
        self.different.setEnabled(supervisor)
        self.retranslate()

    def retranslate(self) -> None:
        from screening_app.matching.reasons import reasons_text

        self.setWindowTitle(_("Possibly the same person"))
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = None if item is None else item.widget()
            if widget is not None:
                widget.deleteLater()
        left, right = (_profile_rows(c) for c in self.cases)
        for row, ((label, a), (_l, b)) in enumerate(zip(left, right, strict=True)):
            title = QLabel(f"<b>{label}</b>")
            first, second = wrapped_label(a), wrapped_label(b)
            if a and b and a != b and row > 0:
                second.setObjectName("changed")
            self.grid.addWidget(title, row, 0)
            self.grid.addWidget(first, row, 1)
            self.grid.addWidget(second, row, 2)
        match = self.candidate.match
        score = f"{self.candidate.score:.2f}"
        self.reasons.setText(_("Score {score}: {reasons}").format(
            score=score, reasons=reasons_text(match) if match is not None else ""))
        self.link.setText(_("&Same person: link the cases"))
        self.different.setText(_("&Different people"))
        self.close_button.setText(_("Close"))
        decision = self.decided or self.candidate.decision
        if self.session.user.role is not Role.SUPERVISOR:
            self.state.setText(_("Only a supervisor can link the cases or mark them as "
                                 "different people."))
        elif decision == "same":
            self.state.setText(_("Linked as the same person. Both cases are kept."))
        elif decision == "different":
            self.state.setText(_("Marked as different people."))
        else:
            self.state.setText(_("Nothing is merged: linking keeps both cases and shows "
                                 "each on the other's screen."))

    def showEvent(self, event: QShowEvent) -> None:
        fit_dialog(self)
        super().showEvent(event)

    def _decide(self, same: bool) -> None:
        try:
            _store()(self.session).decide(self.case_id, self.candidate.other_id, same)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.decided = "same" if same else "different"
        self.retranslate()


class DuplicatesPanel(QWidget):
    """On the case screen: candidates to compare and the cases linked to this one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.case_id: str | None = None
        self.found: list[Any] = []
        self.linked: list[tuple[str, str, str, str]] = []
        self.text = wrapped_label()
        self.choice = QComboBox()
        self.compare = QPushButton()
        self.compare.clicked.connect(self.open_comparison)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.choice)
        row.addWidget(self.compare)
        self.setVisible(False)

    def show_case(self, session: Any, case_id: str | None) -> None:
        self.session, self.case_id = session, case_id
        self.found, self.linked = [], []
        if session is not None and case_id is not None:
            self.found = _candidates(session, case_id)
            try:
                self.linked = _store()(session).linked(case_id)
            except Refused:
                self.linked = []
        self.retranslate()

    def forget(self) -> None:
        self.show_case(None, None)

    def retranslate(self) -> None:
        open_ = [c for c in self.found if c.decision is None]
        parts = []
        if open_:
            parts.append(_("Possibly the same person as case {references}.").format(
                references=", ".join(c.other_reference for c in open_)))
        if self.linked:
            parts.append(_("Same person as case {references} (linked by a supervisor).")
                         .format(references=", ".join(ref for _i, ref, _b, _a in self.linked)))
        self.text.setText(" ".join(parts))
        self.choice.clear()
        for c in self.found:
            self.choice.addItem(f"{c.other_reference} · {c.score:.2f}", c.other_id)
        self.choice.setAccessibleName(_("Case to compare"))
        self.choice.setVisible(len(self.found) > 1)
        self.compare.setText(_("&Compare"))
        self.compare.setVisible(bool(self.found))
        self.setVisible(bool(parts) or bool(self.found))

    def open_comparison(self) -> None:
        if not self.found or self.case_id is None:
            return
        chosen = self.found[max(0, self.choice.currentIndex())]
        try:
            dialog = ComparisonDialog(self.session, self.case_id, chosen, self)
        except Refused as refused:
            show_refusal(self, refused)
            return
        dialog.exec()
        if dialog.decided:
            self.show_case(self.session, self.case_id)
            self.changed.emit()
