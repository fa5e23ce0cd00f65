"""One question of a form as widgets: the question in the officer's language,
the same question larger in the interviewee's language, help, the answer input
and an inline validation message. Built from the form definition, never by hand.

`QuestionBox.answered` is emitted with the value as soon as it is given (a click,
or leaving a text field), so the interview screen can save it at once.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening_app.gui.common import ScaledLabel
from screening_app.i18n import N_, _, translate

INTERVIEWEE_SCALE = 1.35
YES_NO = ((True, N_("Yes")), (False, N_("No")))


def question_type(question: Any) -> str:
    kind = getattr(question, "type", "text")
    return str(getattr(kind, "value", kind)).lower()


def option_value(option: Any) -> Any:
    if isinstance(option, dict):
        return option.get("value", option.get("id"))
    return getattr(option, "value", getattr(option, "id", option))


def option_text(option: Any) -> str:
    if isinstance(option, dict):
        return str(option.get("text") or option.get("label") or option_value(option))
    return str(getattr(option, "text", None) or getattr(option, "label", None)
               or option_value(option))


def choices(question: Any) -> list[tuple[Any, str]]:
    """(value, English text) of each choice; yes/no questions get Yes and No."""
    kind = question_type(question)
    options = list(getattr(question, "options", None) or [])
    if options:
        return [(option_value(o), option_text(o)) for o in options]
    if kind in ("yes_no", "yesno", "boolean", "bool"):
        return list(YES_NO)
    return []


def is_multiple(question: Any) -> bool:
    return question_type(question) in ("multi", "multiple", "multi_choice", "multiple_choice",
                                       "checkboxes", "set")


class QuestionBox(QFrame):
    answered = Signal(object, object)      # (question, value)

    def __init__(self, question: Any, interviewee_language: str | None,
                 value: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.qid: str = str(question.id)
        self.language = interviewee_language
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setObjectName("question")
        self.officer_text = QLabel()
        self.officer_text.setWordWrap(True)
        self.officer_text.setObjectName("officer_text")
        self.interviewee_text = ScaledLabel(INTERVIEWEE_SCALE)
        self.interviewee_text.setObjectName("interviewee_text")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setObjectName("help")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addWidget(self.officer_text)
        layout.addWidget(self.interviewee_text)
        layout.addWidget(self.help)

        self.buttons: list[tuple[QAbstractButton, Any, str, QLabel]] = []
        self.group: QButtonGroup | None = None
        self.line: QLineEdit | None = None
        options = choices(question)
        if options:
            grid = QGridLayout()
            grid.setColumnStretch(1, 1)
            multiple = is_multiple(question)
            if not multiple:
                self.group = QButtonGroup(self)
                self.group.setExclusive(True)
            for row, (opt_value, text) in enumerate(options):
                button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
                if self.group is not None:
                    self.group.addButton(button, row)
                second = ScaledLabel(INTERVIEWEE_SCALE)
                grid.addWidget(button, row, 0)
                grid.addWidget(second, row, 1)
                self.buttons.append((button, opt_value, text, second))
                button.clicked.connect(self._choice_changed)
            layout.addLayout(grid)
        else:
            self.line = QLineEdit()
            self.line.editingFinished.connect(self._text_finished)
            layout.addWidget(self.line)
        layout.addWidget(self.error)
        self.set_value(value)
        self.retranslate()

    # --- language -------------------------------------------------------------
    def retranslate(self) -> None:
        text = str(getattr(self.question, "text", self.qid))
        self.officer_text.setText(_(text))
        second = self._second(text)
        self.interviewee_text.setText(second)
        self.interviewee_text.setVisible(bool(second))
        help_text = getattr(self.question, "help", None)
        self.help.setText(_(help_text) if help_text else "")
        self.help.setVisible(bool(help_text))
        for button, _v, opt_text, label in self.buttons:
            button.setText(_(opt_text))
            button.setAccessibleName(_(opt_text))
            label.setText(self._second(opt_text))
        if self.line is not None:
            self.line.setAccessibleName(_(text))
            kind = question_type(self.question)
            self.line.setPlaceholderText(_("YYYY-MM-DD") if kind == "date" else "")

    def _second(self, text: str) -> str:
        """The interviewee's version, or "" when it is the officer's language."""
        from screening_app.i18n import current_language

        if not self.language or self.language == current_language():
            return ""
        return translate(text, self.language)

    # --- values ---------------------------------------------------------------
    def set_value(self, value: Any) -> None:
        if self.line is not None:
            self.line.setText("" if value is None else str(value))
            return
        chosen = value if isinstance(value, list) else [value]
        for button, opt_value, _t, _l in self.buttons:
            button.setChecked(value is not None and opt_value in chosen)

    def value(self) -> Any:
        if self.line is not None:
            return self._parse(self.line.text().strip())
        picked = [v for b, v, _t, _l in self.buttons if b.isChecked()]
        if is_multiple(self.question):
            return picked
        return picked[0] if picked else None

    def _parse(self, text: str) -> Any:
        if not text:
            return None
        kind = question_type(self.question)
        if kind in ("number", "integer", "int"):
            try:
                return int(text)
            except ValueError:
                with contextlib.suppress(ValueError):
                    return float(text)
                return text          # the form's validation says what is wrong
        if kind == "date":
            with contextlib.suppress(ValueError):
                return date.fromisoformat(text).isoformat()
        return text

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def first_input(self) -> QWidget:
        if self.line is not None:
            return self.line
        return self.buttons[0][0] if self.buttons else self

    def _choice_changed(self) -> None:
        self.answered.emit(self.question, self.value())

    def _text_finished(self) -> None:
        self.answered.emit(self.question, self.value())

    def pending_text(self) -> bool:
        """True when the text field holds something not yet handed over."""
        return self.line is not None and self.line.isModified()

    def mark_saved(self) -> None:
        if self.line is not None:
            self.line.setModified(False)


__all__ = ["QuestionBox", "choices", "question_type"]
