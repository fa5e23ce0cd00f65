"""Layouts that follow the text: table columns as wide as their content at the
current text size and in the current script (they grow with the 200 % setting and
with taller scripts), whatever order Qt delivers the font-change events in; rows
of buttons that wrap instead of cutting their words."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# Rows measured for a column's width: enough for the references and dates of a
# page, and cheap on a list of 100,000 cases.
MEASURED_ROWS = 50


def fit_columns(view: QTableView, stretch: int | None = None) -> None:
    """Every column sized to its header and content by Qt itself (so a text-size or
    language change resizes it); `stretch` takes the room that is left."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setStretchLastSection(False)
    for column in range(header.count()):
        mode = (QHeaderView.ResizeMode.Stretch if column == stretch
                else QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, mode)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


def fit_rows(view: QTableView, lines: float = 1.9) -> None:
    """Rows tall enough for stacked Burmese and Khmer marks at the view's text size;
    one fixed height keeps scrolling through 100,000 rows cheap."""
    view.verticalHeader().setDefaultSectionSize(int(view.fontMetrics().height() * lines))


def scrolling_page(page: QWidget) -> QVBoxLayout:
    """The layout of a page whose content scrolls when it is taller than the window
    (at 200 % in Burmese a laptop screen holds less than a page's rows; squeezed,
    their labels were cut off). Lay the page out in the layout returned."""
    content = QWidget()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    layout = QVBoxLayout(content)
    scroll.setWidget(content)
    return layout


def fit_dialog(dialog: QWidget) -> None:
    """Size a dialog to its content at the text size and in the script in use: as
    wide as its layout wants (never wider than the screen), as tall as its wrapped
    lines need at that width. Qt sizes a new window from size hints alone, and
    wrapped labels then get one line's height (their text cut off)."""
    layout = dialog.layout()
    if layout is None:
        return
    screen = dialog.screen()
    room = screen.availableGeometry().size() if screen is not None else QSize(1366, 768)
    for _pass in range(2):       # wrapped labels measure again once they have the width
        layout.activate()
        width = min(max(layout.sizeHint().width(), dialog.minimumWidth()), room.width())
        height = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.sizeHint().height())
        dialog.resize(width, min(height, room.height()))


class ButtonRow(QWidget):
    """A row of buttons that wraps onto the next line when it does not fit: at 200 %
    text, or in a script whose words are long, no button is cut off. The buttons
    are placed by this widget itself (a QLayout subclass written in Python would own
    its layout items twice). `align_right` puts each line at the right, as a
    dialog's buttons."""

    def __init__(self, parent: QWidget | None = None, align_right: bool = False) -> None:
        super().__init__(parent)
        self._widgets: list[QWidget] = []
        self._right = align_right
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def addWidget(self, widget: QWidget) -> None:
        widget.setParent(self)
        self._widgets.append(widget)
        self.updateGeometry()

    def _shown(self) -> list[QWidget]:
        return [w for w in self._widgets if not w.isHidden()]

    def _gap(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) or 6

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, move=False)

    def sizeHint(self) -> QSize:
        shown = self._shown()
        width = sum(w.sizeHint().width() for w in shown) + self._gap() * max(0, len(shown) - 1)
        return QSize(width, max((w.sizeHint().height() for w in shown), default=0))

    def minimumSizeHint(self) -> QSize:
        shown = self._shown()
        return QSize(max((w.sizeHint().width() for w in shown), default=0),
                     self._arrange(max((w.sizeHint().width() for w in shown), default=0),
                                   move=False))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.width(), move=True)

    def event(self, event: QEvent) -> bool:
        # A button changed or hid (LayoutRequest); or the row is shown again, or its
        # font changed: Qt posts no LayoutRequest to a hidden parent, so texts that
        # changed while the page was hidden (a language switch at the lock screen)
        # kept the old height and the buttons were cut off.
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show,
                            QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
            self._arrange(self.width(), move=True)
        return super().event(event)

    def _arrange(self, width: int, move: bool) -> int:
        """Put the buttons in lines no wider than `width`; the height they take."""
        gap = self._gap()
        lines: list[list[QWidget]] = [[]]
        used = 0
        for widget in self._shown():
            hint = widget.sizeHint().width()
            if lines[-1] and used + gap + hint > width:
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + hint
            lines[-1].append(widget)
        y = 0
        for line in lines:
            if not line:
                continue
            height = max(w.sizeHint().height() for w in line)
            total = sum(w.sizeHint().width() for w in line) + gap * (len(line) - 1)
            x = max(0, width - total) if self._right else 0
            for widget in line:
                hint = widget.sizeHint().width()
                if move:
                    widget.setGeometry(QRect(QPoint(x, y), QSize(min(hint, width), height)))
                x += hint + gap
            y += height + gap
        return max(0, y - gap)
