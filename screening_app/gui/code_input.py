"""Country and language answers: a filtered list of codes named in the officer's
language, the program's seven languages (or the Mekong countries) first. The list
sits inside the scrolling interview page: the mouse wheel over it scrolls the list,
never the page behind it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from screening_app.gui.answer_inputs import AnswerInput, _kind
from screening_app.i18n import LANGUAGES, _, current_language


class NestedList(QListWidget):
    """A list inside a scrolling page: the wheel scrolls the list under the pointer.
    At the first or last row Qt passes the wheel on to the page, which then jumps
    away from the list the officer is reading; here the list keeps it."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        super().wheelEvent(event)
        event.accept()


class CodeInput(AnswerInput):
    """country and language: a filtered list of codes named in the officer's language;
    the program's seven languages (or the Mekong countries) come first."""

    PINNED_COUNTRIES = ("KH", "CN", "LA", "MM", "TH", "VN")

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.kind = _kind(question)
        self.multiple = bool(getattr(question, "multiple", False))
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.list = NestedList()
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 9)
        self._chosen: list[str] = []
        self.codes: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(self._item_changed)
        self.list.itemActivated.connect(self._item_activated)
        self.list.itemClicked.connect(self._item_activated)

    def _names(self) -> list[tuple[str, str]]:
        from screening_app.gui import layers

        places = layers.load("screening_app.screening")
        lang = current_language()
        if self.kind == "country":
            everything = places.country_choices(lang)
            first = [(c, places.country_name(c, lang)) for c in self.PINNED_COUNTRIES]
            return first + [p for p in everything if p[0] not in self.PINNED_COUNTRIES]
        first = [(c, places.language_name(c, lang)) for c in LANGUAGES]
        codes = layers.load("screening_app.screening.places").language_codes()
        rest = sorted(((c, places.language_name(c, lang)) for c in codes
                       if c not in LANGUAGES), key=lambda p: p[1])
        return first + rest

    def _fill(self) -> None:
        # Codes live in a Python list by row (the row is the item's identity).
        self.list.blockSignals(True)
        self.list.clear()
        self.codes = []
        for code, name in self._names():
            item = QListWidgetItem(name)         # words; the code only in the tooltip
            item.setToolTip(code)
            if self.multiple:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if code in self._chosen
                                   else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            self.codes.append(code)
            if not self.multiple and code in self._chosen:
                self.list.setCurrentRow(len(self.codes) - 1)
        self.list.blockSignals(False)
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def _item_changed(self, item: QListWidgetItem) -> None:
        if not self.multiple:
            return
        code = self.codes[self.list.row(item)]
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and code not in self._chosen:
            self._chosen.append(code)
        elif not checked and code in self._chosen:
            self._chosen.remove(code)
        self.committed.emit()

    def _item_activated(self, item: QListWidgetItem) -> None:
        if self.multiple:
            return
        code = self.codes[self.list.row(item)]
        if [code] != self._chosen:
            self._chosen = [code]
            self.committed.emit()

    def value(self) -> Any:
        if self.multiple:
            return list(self._chosen)
        return self._chosen[0] if self._chosen else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self._chosen = []
        else:
            self._chosen = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        self._fill()

    def first_focus(self) -> QWidget:
        return self.filter

    def relabel(self, second: str | None) -> None:
        self.filter.setPlaceholderText(_("Type to filter"))
        self.filter.setAccessibleName(_("Filter"))
        self.list.setAccessibleName(_(str(self.question.text)))
        self._fill()


__all__ = ["CodeInput", "NestedList"]
