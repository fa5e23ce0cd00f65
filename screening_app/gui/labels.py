"""Labels whose lines break where ICU says a word ends, in every script.

Qt's own line breaking cuts Burmese anywhere, even inside a syllable
("လိုအပ်ချ / က်များ"), and does not break Khmer or Lao at all (TECH-NOTES, "Line
breaks in Qt labels"). Zero-width spaces only add break opportunities; they cannot
take Qt's wrong ones away. So a `BreakingLabel` lays its lines out itself, as the
PDFs do: ICU's line-break opportunities (i18n.breaks), filled greedily at the
label's width with the font's real (shaped) widths, and gives Qt the finished lines.
A word wider than the label is cut between grapheme clusters, never inside one.
`text()` is the text as set; only what is drawn has the line ends.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import QFontMetricsF, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from screening_app.gui.enums import TEXT_EXPAND_TABS, set_enum_property
from screening_app.i18n.breaks import segments

_TALL = 100_000
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer).
_NO_SPACES = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0xAA60, 0xAA7F))


def _needs_icu(text: str) -> bool:
    return any(lo <= ord(c) <= hi for c in text for lo, hi in _NO_SPACES)


@lru_cache(maxsize=256)
def _segments(paragraph: str) -> tuple[str, ...]:
    return tuple(segments(paragraph))


@lru_cache(maxsize=256)
def _clusters(word: str) -> tuple[str, ...]:
    try:
        from icu4py.breakers import CharacterBreaker

        return tuple(CharacterBreaker(word, "en")) or (word,)
    except Exception:
        return tuple(word)


def break_lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """`text` in lines no wider than `width`, broken at ICU's opportunities."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for part in _segments(paragraph) if paragraph else ("",):
            candidate = current + part
            if metrics.horizontalAdvance(candidate.rstrip()) <= width or not current.strip():
                current = candidate
            else:
                lines.append(current.rstrip())
                current = part
            # a single word wider than the line: cut it between grapheme clusters
            while metrics.horizontalAdvance(current.rstrip()) > width and len(current) > 1:
                head = ""
                for cluster in _clusters(current):
                    if head and metrics.horizontalAdvance(head + cluster) > width:
                        break
                    head += cluster
                if head == current:
                    break
                lines.append(head)
                current = current[len(head):]
        lines.append(current.rstrip())
    return lines


class BreakingLabel(QLabel):
    """A label that wraps plain text at ICU's word boundaries (rich text keeps Qt's
    own wrapping). It asks for the height its lines need at any width."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self._laid_out: tuple[int, str, str] | None = None    # (width, font, text) shown
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)
        self.setText(text)

    def _plain(self) -> bool:
        """True when this label lays its lines out itself: plain text in a script
        written without spaces. Other text keeps Qt's own wrapping (right for Latin,
        Vietnamese and Chinese, and it needs no ICU at start-up)."""
        return "<" not in self._source and _needs_icu(self._source)

    def setText(self, text: str) -> None:
        self._source = text
        self._laid_out = None
        if self._plain():
            super().setWordWrap(False)
            self._relayout(self.width())
        else:
            super().setWordWrap(True)
            super().setText(text)
        self.updateGeometry()

    def text(self) -> str:
        return self._source

    def clear(self) -> None:
        self.setText("")

    # --- lines -------------------------------------------------------------------
    def _room(self, width: int) -> float:
        margins = self.contentsMargins()
        return max(1.0, width - margins.left() - margins.right() - 2 * self.margin() - 1)

    def _display(self, width: int) -> str:
        return "\n".join(break_lines(self._source, QFontMetricsF(self.font()), self._room(width)))

    def _relayout(self, width: int) -> None:
        if not self._plain():
            return
        key = (width, self.font().key(), self._source)
        if self._laid_out == key:
            return
        self._laid_out = key
        super().setText(self._display(width) if width > 0 else self._source)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if not self._plain():
            return super().heightForWidth(width)
        shown = self._display(width)
        # the height only: the lines are already broken, the alignment moves none
        rect = self.fontMetrics().boundingRect(QRect(0, 0, width, _TALL), TEXT_EXPAND_TABS,
                                               shown)
        margins = self.contentsMargins()
        return rect.height() + margins.top() + margins.bottom() + 2 * self.margin()

    def sizeHint(self) -> QSize:
        if not self._plain():
            return super().sizeHint()
        metrics = QFontMetricsF(self.font())
        widest = max((metrics.horizontalAdvance(p) for p in self._source.split("\n")),
                     default=0.0)
        # no wider than a comfortable line: a long text then wraps instead of
        # widening the page
        width = int(min(widest, metrics.averageCharWidth() * 80)) + 2
        margins = self.contentsMargins()
        width += margins.left() + margins.right() + 2 * self.margin()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        if not self._plain():
            return super().minimumSizeHint()
        metrics = QFontMetricsF(self.font())
        widest = max((metrics.horizontalAdvance(part.rstrip())
                      for paragraph in self._source.split("\n")
                      for part in _segments(paragraph)), default=0.0)
        width = min(int(widest) + 2, int(metrics.averageCharWidth() * 16))
        return QSize(width, self.heightForWidth(max(width, self.width())))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._relayout(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._laid_out = None
            self._relayout(self.width())
            self.updateGeometry()
        super().changeEvent(event)


def click_through(button: QAbstractButton, event: QMouseEvent) -> None:
    """A click on a button's words (a label beside it) chooses it, as a click on
    the button's own text would."""
    if event.button() == QtCore.Qt.MouseButton.LeftButton and button.isEnabled():
        button.setFocus(QtCore.Qt.FocusReason.MouseFocusReason)
        button.click()


class _Words(BreakingLabel):
    """A check box's words: a click on them toggles the box, as on its own text."""

    def __init__(self, box: QCheckBox) -> None:
        super().__init__()
        self.box = box
        self.setBuddy(box)               # Alt+letter puts the focus on the box
        set_enum_property(self, "alignment", "AlignLeft|AlignTop")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        click_through(self.box, event)
        super().mousePressEvent(event)


class WrappingCheckBox(QWidget):
    """A check box whose words wrap (a QCheckBox's own text cannot: a sentence of
    Burmese at 200 % needed 1,576 px in a 511 px dialog). The part of QCheckBox's
    interface the program uses: isChecked, setChecked, toggled, text, setText (with
    an &-letter), click."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.words = _Words(self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)
        self.toggled = self.box.toggled
        self.setText(text)

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)

    def click(self) -> None:
        self.box.click()

    def text(self) -> str:
        return self.words.text()

    def setText(self, text: str) -> None:
        self.words.setText(text)
        self.box.setAccessibleName(text.replace("&", ""))

    def setFocus(self, *args: Any) -> None:
        self.box.setFocus(*args)


__all__ = ["BreakingLabel", "WrappingCheckBox", "break_lines", "click_through"]
