"""One question of a form as widgets, generated from the form definition: the
question in the officer's language, the same question larger in the
interviewee's language, help, the answer input and an inline validation message.

`QuestionBox.answered` is emitted with the value as soon as it is given, so the
interview screen can save it at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QPushButton, QVBoxLayout, QWidget

from screening_app.gui import layers
from screening_app.gui.answer_inputs import (
    INTERVIEWEE_SCALE,
    OFFICER_SCALE,
    AnswerInput,
    ChoiceInput,
    DateOrAgeInput,
    TextInput,
)
from screening_app.gui.code_input import CodeInput
from screening_app.gui.common import BreakingLabel, ScaledLabel
from screening_app.i18n import _, current_language, translate


def make_input(question: Any) -> AnswerInput:
    """The input widget for the question's type (screening.QuestionType)."""
    kind = str(getattr(question.type, "value", question.type))
    screening = layers.load("screening_app.screening")
    if kind in ("yes_no", "single", "multiple"):
        # The person's wording ("I don't know") and the officer's ("Does not know").
        options = [(o.value, o.label) for o in question.options]
        officer = {o.value: o.officer_text for o in question.options}
        return ChoiceInput(question, options, multiple=kind == "multiple",
                           officer_labels=officer)
    if kind == "date_or_age":
        return DateOrAgeInput(question, dict(screening.CERTAINTY_LABELS))
    if kind in ("country", "language"):
        return CodeInput(question)
    if kind == "repeat":
        return RepeatInput(question)
    return TextInput(question)


class QuestionBox(QFrame):
    answered = Signal(object, object)      # (question, value)

    def __init__(self, question: Any, interviewee_language: str | None,
                 value: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.qid: str = str(question.id)
        self.language = interviewee_language
        self.setObjectName("question")
        self.officer_text = ScaledLabel(OFFICER_SCALE)   # larger than the program's text
        self.officer_text.setObjectName("officer_text")
        self.interviewee_text = ScaledLabel(INTERVIEWEE_SCALE)
        self.interviewee_text.setObjectName("interviewee_text")
        self.help = BreakingLabel()
        self.help.setObjectName("help")
        self.error = BreakingLabel()
        self.error.setObjectName("error")
        self.error.hide()
        self.note = BreakingLabel()          # non-blocking remarks (Zawgyi converted)
        self.note.setObjectName("help")
        self.note.hide()
        self.input = make_input(question)
        self.input.committed.connect(lambda: self.answered.emit(self.question, self.value()))
        self.officer_text.setBuddy(self.input.first_focus())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 10)
        for widget in (self.officer_text, self.interviewee_text, self.help, self.input,
                       self.error, self.note):
            layout.addWidget(widget)
        self.input.set_value(value)
        self.retranslate()

    def second_language(self) -> str | None:
        """The interviewee's language when it differs from the officer's, and the
        question is asked of the person (not an officer's observation)."""
        if not self.language or self.language == current_language():
            return None
        if getattr(self.question, "audience", "person") == "officer":
            return None
        return self.language

    def retranslate(self) -> None:
        text = str(self.question.text)
        required = " *" if getattr(self.question, "required", False) else ""
        self.officer_text.setText(_(text) + required)
        second = self.second_language()
        translated = translate(text, second) if second else ""
        # An untranslated question is not repeated: the interpreter translates it.
        self.interviewee_text.setText(translated if translated != text else "")
        self.interviewee_text.setVisible(bool(self.interviewee_text.text()))
        help_text = str(getattr(self.question, "help", "") or "")
        self.help.setText(_(help_text) if help_text else "")
        self.help.setVisible(bool(help_text))
        self.input.relabel(second)

    def value(self) -> Any:
        return self.input.value()

    def untranslated(self) -> bool:
        """Asked of the person in another language, but no translation exists yet."""
        return self.second_language() is not None and not self.interviewee_text.text()

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def first_input(self) -> QWidget:
        return self.input.first_focus()

    def pending_text(self) -> bool:
        return self.input.pending()

    def mark_saved(self) -> None:
        self.input.mark_saved()
        if getattr(self.input, "converted", False):
            from screening_app.i18n.zawgyi import zawgyi_warning

            self.note.setText(zawgyi_warning())
            self.note.show()


class RepeatInput(AnswerInput):
    """repeat: entries of sub-questions (e.g. places on the journey); the answer is
    the list of entries, saved whenever one sub-answer is given."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.entries: list[tuple[QGroupBox, list[QuestionBox]]] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(12, 0, 0, 0)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(lambda: self._add({}, focus=True))
        self.layout_.addWidget(self.add_button)
        self._second: str | None = None

    def _add(self, item: dict[str, Any], focus: bool = False) -> None:
        limit = getattr(self.question, "max_items", None)
        if limit is not None and len(self.entries) >= int(limit):
            return
        box = QGroupBox()
        inner = QVBoxLayout(box)
        subs: list[QuestionBox] = []
        for sub in self.question.questions:
            child = QuestionBox(sub, self._second, item.get(str(sub.id)))
            child.answered.connect(lambda _q, _v: self.committed.emit())
            inner.addWidget(child)
            subs.append(child)
        self.layout_.insertWidget(self.layout_.count() - 1, box)
        self.entries.append((box, subs))
        self._title(box, len(self.entries))
        if focus and subs:
            subs[0].first_input().setFocus()

    def _title(self, box: QGroupBox, n: int) -> None:
        label = str(getattr(self.question, "item_label", "") or "")
        box.setTitle(f"{_(label) if label else _('Entry')} {n}")

    def value(self) -> Any:
        out = []
        for _box, subs in self.entries:
            item = {s.qid: s.value() for s in subs if s.value() not in (None, "", [])}
            if item:
                out.append(item)
        return out or None

    def set_value(self, value: Any) -> None:
        for box, _subs in self.entries:
            box.deleteLater()
        self.entries = []
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict):
                self._add(item)

    def first_focus(self) -> QWidget:
        return self.entries[0][1][0].first_input() if self.entries else self.add_button

    def pending(self) -> bool:
        return any(s.pending_text() for _b, subs in self.entries for s in subs)

    def mark_saved(self) -> None:
        for _b, subs in self.entries:
            for s in subs:
                s.mark_saved()

    def relabel(self, second: str | None) -> None:
        self._second = second
        label = str(getattr(self.question, "item_label", "") or "")
        self.add_button.setText(_("Add: {item}").format(item=_(label) if label else _("entry")))
        for n, (box, subs) in enumerate(self.entries, start=1):
            self._title(box, n)
            for s in subs:
                s.language = second
                s.retranslate()


__all__ = ["QuestionBox", "RepeatInput", "make_input"]
