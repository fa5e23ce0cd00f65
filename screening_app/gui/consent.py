"""The consent gate that opens every interview (CONTENT.md §5): three separate
consents, how they were given, the interpreter, and the interviewee's language.
Each consent is read out in the interviewee's language (shown larger)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Consent, ConsentMethod
from screening_app.gui.common import ScaledLabel, wrapped_label
from screening_app.gui.questions import INTERVIEWEE_SCALE
from screening_app.i18n import AUTONYMS, LANGUAGES, N_, _, current_language, translate

CONSENTS: tuple[tuple[str, str], ...] = (
    ("interview", N_("I agree to answer questions. I may stop at any time and may refuse "
                     "any question.")),
    ("record", N_("I agree that my answers are recorded on this device, encrypted.")),
    ("share_for_referral", N_("I agree that my information is shared with the agency that "
                              "can help me, and only with them.")),
)
METHODS = ((ConsentMethod.VERBAL, N_("Spoken")), (ConsentMethod.WRITTEN, N_("Written")),
           (ConsentMethod.GUARDIAN, N_("By a guardian")))


class ConsentPage(QWidget):
    def __init__(self, interviewee_language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consent")
        self.intro = wrapped_label()
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(AUTONYMS[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(interviewee_language))
        self.language.currentIndexChanged.connect(lambda _i: self.retranslate())
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)

        self.boxes: dict[str, QCheckBox] = {}
        self.seconds: dict[str, ScaledLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, (key, _text) in enumerate(CONSENTS):
            box = QCheckBox()
            second = ScaledLabel(INTERVIEWEE_SCALE)
            self.boxes[key] = box
            self.seconds[key] = second
            grid.addWidget(box, row * 2, 0, 1, 2)
            grid.addWidget(second, row * 2 + 1, 1)

        self.method = QComboBox()
        self.method_label = QLabel()
        self.method_label.setBuddy(self.method)
        self.interpreter = QCheckBox()
        self.interpreter_language = QComboBox()
        for code in LANGUAGES:
            self.interpreter_language.addItem(AUTONYMS[code], code)
        self.interpreter_language.setEnabled(False)
        self.interpreter.toggled.connect(self.interpreter_language.setEnabled)
        self.interpreter_label = QLabel()
        self.interpreter_label.setBuddy(self.interpreter_language)
        self.gate_message = wrapped_label()
        self.gate_message.setObjectName("error")

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.language_label, self.language)
        form.addRow(self.method_label, self.method)
        form.addRow(self.interpreter)
        form.addRow(self.interpreter_label, self.interpreter_language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(grid)
        layout.addWidget(self.gate_message)
        layout.addStretch(1)
        self.retranslate()

    def interviewee_language(self) -> str:
        code = self.language.currentData()
        return code if isinstance(code, str) else current_language()

    def retranslate(self) -> None:
        self.intro.setText(_("Before any question: explain what the interview is for, what is "
                             "recorded and who will see it. Read each consent aloud in the "
                             "person's language and tick only what they agree to."))
        self.language_label.setText(_("Interviewee's &language"))
        self.method_label.setText(_("Consent given"))
        index = self.method.currentIndex()
        self.method.clear()
        for method, text in METHODS:
            self.method.addItem(_(text), method.value)
        self.method.setCurrentIndex(max(0, index))
        self.interpreter.setText(_("An interpreter is helping (never a companion, employer or "
                                   "broker)"))
        self.interpreter_label.setText(_("Interpreter's language"))
        lang = self.interviewee_language()
        for key, text in CONSENTS:
            self.boxes[key].setText(_(text))
            self.boxes[key].setAccessibleName(_(text))
            second = "" if lang == current_language() else translate(text, lang)
            self.seconds[key].setText(second)
            self.seconds[key].setVisible(bool(second))

    def consent(self) -> Consent:
        from screening_app.domain.models import utc_now

        return Consent(
            interview=self.boxes["interview"].isChecked(),
            record=self.boxes["record"].isChecked(),
            share_for_referral=self.boxes["share_for_referral"].isChecked(),
            how=ConsentMethod(self.method.currentData() or "verbal"),
            interpreter_used=self.interpreter.isChecked(),
            interpreter_language=(self.interpreter_language.currentData()
                                  if self.interpreter.isChecked() else None),
            given_at=utc_now(),
        )

    def gate(self) -> str | None:
        """Why the interview cannot start yet, or None."""
        consent = self.consent()
        if not consent.interview:
            return _("The person has not agreed to the interview: do not ask questions. "
                     "Nothing has been recorded.")
        if not consent.record:
            return _("The person has not agreed to recording: nothing can be stored on this "
                     "device. Nothing has been recorded.")
        return None
