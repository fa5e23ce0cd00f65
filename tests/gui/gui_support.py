"""Helpers for the GUI tests: screenshots and typing any script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def prepared_app() -> QApplication:
    """The test QApplication with the program's fonts and style (once)."""
    from screening_app.gui.app import prepare

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if not app.property("sr_prepared"):
        prepare(app)
        app.setProperty("sr_prepared", True)
    return app


def shown(qtbot, widget, session=None):  # type: ignore[no-untyped-def]
    """`widget` shown at laptop size with the program's fonts, on `session`."""
    prepared_app()
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    if session is not None:
        widget.set_session(session)
    widget.show()
    return widget


def screenshot(widget: QWidget, artifacts: Path, name: str) -> Path:
    """Save a PNG of `widget` for a person to look at."""
    QApplication.processEvents()
    path = artifacts / f"gui-{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` (any script) the way an input method does: keyClicks aborts on
    non-ASCII, so send a QInputMethodEvent with a commit string."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def answer(qtbot, view, qid: str, value) -> None:  # type: ignore[no-untyped-def]
    """Give an answer on the interview page the way an officer does: click a
    choice, type (any script) and press Enter, or pick a code from a list."""
    from PySide6.QtCore import Qt

    from screening_app.gui.answer_inputs import ChoiceInput, DateOrAgeInput, TextInput
    from screening_app.gui.code_input import CodeInput

    box = next(b for b in view.boxes if b.qid == qid)
    assert not box.isHidden(), f"{qid} is not shown"
    field = box.input
    if isinstance(field, ChoiceInput):
        wanted = value if isinstance(value, list) else [value]
        offered = [option for _b, option, _l, _s in field.items]
        assert all(w in offered for w in wanted), (qid, wanted, offered)
        for button, option, _label, _second in field.items:
            if option in wanted and not button.isChecked():
                # Keyboard, as an officer without a mouse would (Space toggles).
                button.setFocus()
                qtbot.keyClick(button, Qt.Key.Key_Space)
    elif isinstance(field, TextInput):
        assert field.line is not None
        type_text(field.line, str(value))
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
    elif isinstance(field, DateOrAgeInput):
        field.certainty.setCurrentIndex(field.certainty.findData(value.get("certainty")))
        target, text = (field.age, str(value["age"])) if "age" in value else (
            field.date, value["date"])
        type_text(target, text)
        qtbot.keyClick(target, Qt.Key.Key_Return)
    elif isinstance(field, CodeInput):
        for code in value if isinstance(value, list) else [value]:   # a list: each in turn
            item = field.list.item(field.codes.index(code))
            field.filter.clear()
            type_text(field.filter, item.text())         # the name, as the officer types it
            view.body.ensureWidgetVisible(field.list)
            field.list.scrollToItem(item)
            if field.multiple:                  # tick its box from the keyboard (Space)
                field.list.setCurrentItem(item)
                field.list.setFocus()
                qtbot.keyClick(field.list, Qt.Key.Key_Space)
                continue
            rect = field.list.visualItemRect(item)
            qtbot.mouseClick(field.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    else:
        raise AssertionError(f"no way to answer {qid}")
    QApplication.processEvents()


def unlock(qtbot, win, user: str = "officer", passphrase: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Unlock `win` (a MainWindow) as `user`, typing the passphrase and pressing Enter."""
    from PySide6.QtCore import Qt

    view = win.unlock_view
    view.user.setCurrentText(user)
    type_text(view.passphrase, passphrase or win.passphrase)
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    assert win.session is not None, view.feedback.text()


class MessageBoxes:
    """Answers every message box that opens, as a person would, and keeps its text.

    `answer` is the button to press (by its role; None: the default button). A
    timer looks for the modal box while the box runs its own event loop."""

    def __init__(self, answer: Any = None) -> None:
        from PySide6.QtCore import QTimer

        self.texts: list[str] = []
        self.answer = answer
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._close)

    def _close(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        self.texts.append(box.text())
        button = None
        if self.answer is not None:
            button = next((b for b in box.buttons() if box.buttonRole(b) == self.answer), None)
        (button or box.defaultButton() or box.buttons()[0]).click()

    def __enter__(self) -> MessageBoxes:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.stop()


def stored_rows(session) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    """Every stored row of the case tables, to compare before and after an action."""
    rows = {}
    for table in ("cases", "answers", "outcomes", "referrals", "case_shares"):
        rows[table] = sorted(tuple(r) for r in session.connection.execute(
            f"SELECT * FROM {table}"))
    return rows


def main_window(qtbot, made):  # type: ignore[no-untyped-def]
    """The program's window on the data directory `made` (conftest.MadeDataDir), shown
    at laptop size; `win.passphrase` is the officer's."""
    from screening_app.gui.main_window import MainWindow

    prepared_app()
    win = MainWindow(made.path)
    win.passphrase = made.passphrases["officer"]
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    return win


def on_next_dialog(action):  # type: ignore[no-untyped-def]
    """Run `action(dialog)` on the next modal dialog once it is open (a dialog's
    exec() blocks the test, so the answer is scheduled before the click)."""
    from PySide6.QtCore import QTimer

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, attempt)
            return
        action(dialog)

    QTimer.singleShot(0, attempt)
