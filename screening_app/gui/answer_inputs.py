"""Answer inputs, one per question type of the form model (screening.QuestionType).

Each input has `value()`, `set_value()`, `first_focus()`, `relabel(second)` and
emits `committed` when the answer is given: a click on a choice, or leaving a text
field. `second` is the interviewee's language (None when it is the officer's);
option labels are then shown a second time, larger, in that language.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from screening_app.gui.common import ScaledLabel
from screening_app.gui.labels import click_through
from screening_app.gui.layout import ButtonRow
from screening_app.i18n import _, translate

INTERVIEWEE_SCALE = 1.35
# The officer's column (question and options in the officer's language) is a little
# larger than the rest of the program: the officer reads it aloud.
OFFICER_SCALE = 1.15


def _kind(question: Any) -> str:
    return str(getattr(question.type, "value", question.type))


def _second(text: str, second: str | None) -> str:
    """`text` in the interviewee's language, or "" (no second language, or no
    translation yet: then it is not repeated)."""
    if not second or not text:
        return ""
    translated = translate(text, second)
    return "" if translated == text else translated


class AnswerInput(QWidget):
    committed = Signal()

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def first_focus(self) -> QWidget:
        return self

    def relabel(self, second: str | None) -> None:
        """Set visible strings; `second` is the interviewee's language or None (the
        QuestionBox calls it from its own retranslate)."""

    def pending(self) -> bool:
        """True when typed text has not been committed yet."""
        return False

    def mark_saved(self) -> None:
        """The value was saved: nothing pending any more."""


class OptionLabel(ScaledLabel):
    """An answer option's words beside its radio button or check box: they wrap
    (a button's own text cannot), and a click on them chooses the option."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(OFFICER_SCALE)
        self.button = button

    def mousePressEvent(self, event: QMouseEvent) -> None:
        click_through(self.button, event)
        super().mousePressEvent(event)


class ChoiceInput(AnswerInput):
    """yes_no, single (radio buttons) and multiple (check boxes). Each option: the
    button, its words in the officer's language, and (larger) in the interviewee's."""

    def __init__(self, question: Any, options: list[tuple[Any, str]], multiple: bool,
                 parent: QWidget | None = None,
                 officer_labels: dict[Any, str] | None = None) -> None:
        super().__init__(question, parent)
        self.multiple = multiple
        self.officer_labels = officer_labels or {}   # value -> the officer's wording
        self.items: list[tuple[QAbstractButton, Any, str, ScaledLabel]] = []
        self.words: list[OptionLabel] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multiple)
        for row, (value, label) in enumerate(options):
            button: QAbstractButton = QCheckBox() if multiple else QRadioButton()
            self.group.addButton(button, row)
            words = OptionLabel(button)
            second = ScaledLabel(INTERVIEWEE_SCALE)
            grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(words, row, 1)
            grid.addWidget(second, row, 2)
            self.items.append((button, value, label, second))
            self.words.append(words)
            button.clicked.connect(self.committed.emit)

    def value(self) -> Any:
        picked = [v for b, v, _l, _s in self.items if b.isChecked()]
        if self.multiple:
            return picked
        return picked[0] if picked else None

    def set_value(self, value: Any) -> None:
        chosen = value if isinstance(value, list) else [value]
        # An exclusive group cannot show "nothing chosen" unless exclusivity pauses.
        self.group.setExclusive(False)
        for button, option, _l, _s in self.items:
            button.setChecked(value is not None and option in chosen)
        self.group.setExclusive(not self.multiple)

    def first_focus(self) -> QWidget:
        checked = [b for b, _v, _l, _s in self.items if b.isChecked()]
        return (checked or [self.items[0][0]])[0] if self.items else self

    def relabel(self, second: str | None) -> None:
        for (button, value, label, other), words in zip(self.items, self.words, strict=True):
            officer = self.officer_labels.get(value, label)
            words.setText(_(officer))
            button.setAccessibleName(_(officer))
            other.setText(_second(label, second))
            other.setVisible(bool(other.text()))


class _FocusOut(QObject):
    """Commits a multi-line text when it loses focus."""

    def __init__(self, target: TextInput) -> None:
        super().__init__(target)
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self.target.pending():
            self.target.committed.emit()
        return False


class TextInput(AnswerInput):
    """text (one line or several), number and date (year, year-month or full date)."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = _kind(question)
        self.converted = False               # Zawgyi text was converted to Unicode
        self.line: QLineEdit | None = None
        self.box: QPlainTextEdit | None = None
        if getattr(question, "multiline", False):
            self.box = QPlainTextEdit()
            self.box.setTabChangesFocus(True)
            self.box.setMaximumHeight(self.box.fontMetrics().height() * 6)
            self.box.installEventFilter(_FocusOut(self))
            layout.addWidget(self.box)
        else:
            self.line = QLineEdit()
            if getattr(question, "max_length", None):
                self.line.setMaxLength(int(question.max_length))
            self.line.editingFinished.connect(self._finished)
            layout.addWidget(self.line)

    def _finished(self) -> None:
        if self.pending():
            self.committed.emit()

    def text(self) -> str:
        if self.line is not None:
            raw = self.line.text().strip()
        else:
            assert self.box is not None
            raw = self.box.toPlainText().strip()
        return self._unicode_burmese(raw)

    def _unicode_burmese(self, text: str) -> str:
        """Burmese typed with a Zawgyi keyboard is stored as Unicode (and shown so)."""
        from screening_app.i18n.zawgyi import has_burmese, normalise_burmese

        if not has_burmese(text):
            return text
        result = normalise_burmese(text)
        if result.was_zawgyi:
            self.converted = True
            self.set_value(result.text)
        return result.text

    def value(self) -> Any:
        text = self.text()
        if not text:
            return None
        if self.kind == "number":
            for convert in (int, float):
                with contextlib.suppress(ValueError):
                    return convert(text)
        return text                 # the form's validation says what is wrong

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.line is not None:
            self.line.setText(text)
            self.line.setModified(False)
        elif self.box is not None:
            self.box.setPlainText(text)
            self.box.document().setModified(False)

    def first_focus(self) -> QWidget:
        return self.line or self.box or self

    def pending(self) -> bool:
        if self.line is not None:
            return self.line.isModified()
        return self.box is not None and self.box.document().isModified()

    def mark_saved(self) -> None:
        if self.line is not None:
            self.line.setModified(False)
        elif self.box is not None:
            self.box.document().setModified(False)

    def relabel(self, second: str | None) -> None:
        widget = self.first_focus()
        widget.setAccessibleName(_(str(self.question.text)))
        if self.line is not None:
            placeholder = str(getattr(self.question, "placeholder", "") or "")
            if self.kind == "date":
                placeholder = _("Year-month-day, year-month or year (2024-03-15, 2024-03, "
                                "2024)")
            self.line.setPlaceholderText(_(placeholder) if placeholder else "")


class DateOrAgeInput(AnswerInput):
    """date_or_age: a date of birth or an estimated age, and how sure it is."""

    def __init__(self, question: Any, certainty: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.certainty_labels = certainty
        self.date = QLineEdit()
        self.age = QLineEdit()
        self.age.setMaxLength(3)
        self.certainty = QComboBox()
        self.date_label, self.age_label, self.certainty_label = QLabel(), QLabel(), QLabel()
        row = ButtonRow()                    # wraps at 200 % or with long words
        for label, field in ((self.date_label, self.date), (self.age_label, self.age),
                             (self.certainty_label, self.certainty)):
            label.setBuddy(field)
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(field, 1)
            row.addWidget(pair)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(row)
        self.date.editingFinished.connect(self._finished)
        self.age.editingFinished.connect(self._finished)
        self.certainty.activated.connect(lambda _i: self.committed.emit())

    def _finished(self) -> None:
        if self.date.isModified() or self.age.isModified():
            self.committed.emit()

    def value(self) -> Any:
        date_text, age_text = self.date.text().strip(), self.age.text().strip()
        out: dict[str, Any] = {}
        if date_text:
            out["date"] = date_text
        if age_text:
            try:
                out["age"] = int(age_text)
            except ValueError:
                out["age"] = age_text
        if not out:
            return None
        certainty = self.certainty.currentData()
        if certainty:
            out["certainty"] = certainty
        return out

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        self.date.setText(str(value.get("date", "")))
        self.age.setText("" if value.get("age") is None else str(value["age"]))
        self._fill(value.get("certainty"))
        self.mark_saved()

    def _fill(self, chosen: Any) -> None:
        self.certainty.clear()
        self.certainty.addItem("—", None)
        for key, label in self.certainty_labels.items():
            self.certainty.addItem(_(label), key)
        self.certainty.setCurrentIndex(max(0, self.certainty.findData(chosen)))

    def first_focus(self) -> QWidget:
        return self.date

    def pending(self) -> bool:
        return self.date.isModified() or self.age.isModified()

    def mark_saved(self) -> None:
        self.date.setModified(False)
        self.age.setModified(False)

    def relabel(self, second: str | None) -> None:
        self.date_label.setText(_("Date of birth"))
        self.age_label.setText(_("or age"))
        self.certainty_label.setText(_("How sure"))
        self.date.setPlaceholderText(_("YYYY-MM-DD"))
        self.date.setAccessibleName(_("Date of birth"))
        self.age.setAccessibleName(_("Estimated age"))
        self.certainty.setAccessibleName(_("How sure"))
        self._fill(self.certainty.currentData())


# Country and language answers: gui.code_input.CodeInput.
__all__ = ["AnswerInput", "ChoiceInput", "DateOrAgeInput", "TextInput"]
