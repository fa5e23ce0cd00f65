"""The first page of a new interview: whose language the interview is in.

Nothing is recorded here. The form itself then asks about urgent needs and the
three consents; no case exists until the person agrees to the interview and to
recording (see interview.InterviewView)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from screening_app.gui.common import wrapped_label
from screening_app.i18n import AUTONYMS, LANGUAGES, _, current_language


class StartPage(QWidget):
    def __init__(self, interviewee_language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start")
        self.intro = wrapped_label()
        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(AUTONYMS[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(interviewee_language)))
        self.language_label = QLabel()
        self.language_label.setBuddy(self.language)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslate()

    def interviewee_language(self) -> str:
        code = self.language.currentData()
        return code if isinstance(code, str) else current_language()

    def retranslate(self) -> None:
        self.intro.setText(_(
            "Choose the language the person understands best. Each question then shows in "
            "your language and, larger, in theirs, so you or the interpreter can read it "
            "aloud. Urgent needs are asked first. Nothing is recorded until the person "
            "agrees to the interview and to recording."))
        self.language_label.setText(_("Interviewee's &language"))
        self.language.setAccessibleName(_("Interviewee's language"))
