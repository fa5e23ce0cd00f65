"""Every screen of the program, in every language, at 100 % and 200 % text, drawn
offscreen from a demo data directory: for reviewers and translators, and for the
test that no button, label or case reference is cut off.

    python -m screening_app.gui.gallery [--out build/screenshots] [--lang km ...]
                                        [--scale 100 200]

writes one PNG per screen, named LANG-SCALE-SCREEN.png (km-200-case-list.png).
`make screenshots` runs it for all seven languages and both sizes, and fails when
a text is cut off or two controls of a screen share an Alt+letter.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QTableView,
    QWidget,
)

from screening_app.gui.mnemonics import clashes
from screening_app.i18n import LANGUAGES, set_language

SCALES = (100, 200)
WINDOW = QSize(1366, 768)
GALLERY_USER = "supervisor"        # sees every case and the audit trail
ADMIN_USER = "admin"               # user administration and retention (Settings)


# --- what counts as cut off ----------------------------------------------------------

def _button_needs(button: QPushButton) -> QSize:
    """The size a push button needs for its whole text when it has the focus (the
    focused look is the one that used to cut text)."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    option.state |= QStyle.StateFlag.State_HasFocus
    text = button.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, button.text())
    if not option.icon.isNull():
        text.setWidth(text.width() + option.iconSize.width() + 4)
    return button.style().sizeFromContents(QStyle.ContentsType.CT_PushButton, option, text,
                                           button)


def _label_cut(label: QLabel) -> bool:
    if label.wordWrap() or label.hasHeightForWidth():
        width = label.width()
        return (label.heightForWidth(width) > label.height() + 1
                or label.minimumSizeHint().width() > width + 1)
    hint = label.sizeHint()
    return hint.width() > label.width() + 1 or hint.height() > label.height() + 1


def _name(widget: QWidget, text: str) -> str:
    return f"{type(widget).__name__} {widget.objectName() or ''} “{text[:40]}”".replace("  ", " ")


def clipped(root: QWidget) -> list[str]:
    """Buttons, labels and case references shown in `root` whose text does not fit:
    cut off, elided or squeezed (each as "type name “text” needs WxH, has WxH")."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) or widget.width() <= 0:
            continue
        if isinstance(widget, QPushButton) and widget.text():
            need, have = _button_needs(widget), widget.size()
            if need.width() > have.width() + 1 or need.height() > have.height() + 1:
                found.append(f"{_name(widget, widget.text())} needs {need.width()}x"
                             f"{need.height()}, has {have.width()}x{have.height()}")
        elif isinstance(widget, QAbstractButton) and widget.text():
            need, have = widget.sizeHint(), widget.size()
            if need.width() > have.width() + 1 or need.height() > have.height() + 1:
                found.append(f"{_name(widget, widget.text())} needs {need.width()}x"
                             f"{need.height()}, has {have.width()}x{have.height()}")
        elif isinstance(widget, QLabel) and widget.text() and _label_cut(widget):
            found.append(f"{_name(widget, widget.text())} needs {widget.sizeHint().width()}x"
                         f"{widget.heightForWidth(widget.width())}, has "
                         f"{widget.width()}x{widget.height()}")
        elif isinstance(widget, QTableView) and widget.objectName() == "case_table":
            found.extend(_references_cut(widget))
    return found


def _references_cut(table: QTableView) -> list[str]:
    """Case references (column 0) narrower than their text, or rows too low for it."""
    model = table.model()
    if model is None or model.rowCount() == 0:
        return []
    need, have = table.sizeHintForColumn(0), table.columnWidth(0)
    out = []
    if need > have + 1:
        out.append(f"case reference column needs {need} px, has {have}")
    for row in range(min(model.rowCount(), 30)):
        if table.sizeHintForRow(row) > table.rowHeight(row) + 1:
            out.append(f"case list row {row} needs {table.sizeHintForRow(row)} px, has "
                       f"{table.rowHeight(row)}")
            break
    return out


# --- walking through the screens -----------------------------------------------------

@dataclass
class Shot:
    name: str
    show: Callable[[], QWidget | None]   # brings the screen up; returns what to check


class Gallery:
    """A demo data directory and the program's window on it."""

    def __init__(self, folder: Path) -> None:
        from screening_app.gui.main_window import MainWindow
        from screening_app.samples.demo import DEMO_PASSPHRASE, make_demo
        from screening_app.storage import KdfParams

        self.data_dir = folder / "demo"
        # a throwaway directory of made-up cases: the cheapest key derivation will do
        make_demo(self.data_dir, 10, kdf=KdfParams(memory_kib=64, iterations=1, lanes=1))
        self.passphrase = DEMO_PASSPHRASE
        self.window = MainWindow(self.data_dir, GALLERY_USER)
        self.window.resize(WINDOW)
        self.window.show()

    # --- the session ---------------------------------------------------------------
    def unlock(self, scale: int, user: str = GALLERY_USER) -> None:
        view = self.window.unlock_view
        view.user.setCurrentText(user)
        view.passphrase.setText(self.passphrase)
        view.try_unlock()
        if self.window.session is None:
            raise RuntimeError(view.feedback.text())
        self.window.workspace.settings.text_size.setValue(scale)   # as an officer would
        QApplication.processEvents()

    def cases(self) -> dict[str, str]:
        """Case ids for the screens: a referred case, an urgent one, a draft, and one
        with a possible same person (the demo's person met again)."""
        from screening_app.gui.duplicates import duplicate_marks

        rows = list(self.window.session.cases.list(limit=100))
        pick: dict[str, str] = {}
        marked = duplicate_marks(self.window.session, rows)
        for row in rows:
            if str(row.id) in marked:
                pick.setdefault("again", str(row.id))
            if row.referral_state == "received":
                pick.setdefault("referred", str(row.id))
            if row.urgent:
                pick.setdefault("urgent", str(row.id))
            if row.draft and row.outcome is None:
                pick.setdefault("draft", str(row.id))
        return pick

    def shots(self) -> Iterator[Shot]:
        """Every screen, in the order an officer meets them (unlocked)."""
        ws = self.window.workspace
        ids = self.cases()
        yield Shot("case-list", partial(self._page, ws.show_cases))
        for n, tab in enumerate(("profile", "answers", "outcomes", "referrals", "audit")):
            yield Shot(f"case-{tab}", partial(self._case_tab, ids["referred"], n))
        yield Shot("case-duplicates", partial(self._case_tab, ids["again"], 0))
        yield Shot("duplicate-comparison", partial(self._comparison, ids["again"]))
        yield Shot("interview-start", partial(self._page, ws.new_interview))
        ws.go_to("interview", ids["draft"], 1)
        bound = ws.interview.bound
        for step in bound.steps() if bound is not None else []:
            yield Shot(f"interview-{step}-{bound.sections[step - 1].id}",
                       partial(self._go, "interview", ids["draft"], step))
        yield Shot("outcome", partial(self._go, "outcome", ids["urgent"], 0))
        yield Shot("referral", partial(self._go, "referral", ids["referred"], 0))
        yield Shot("exchange", partial(self._page, ws.show_exchange))
        yield Shot("key-card", self._key_card)
        yield Shot("key-change", self._key_change)
        yield Shot("statistics", partial(self._page, ws.show_statistics))
        yield Shot("settings", partial(self._page, ws.show_settings))

    def admin_shots(self) -> Iterator[Shot]:
        """What an administrator sees (unlocked as ADMIN_USER): Settings with the
        users and the retention box, the passphrase and disable dialogs."""
        yield Shot("settings-admin", partial(self._page, self.window.workspace.show_settings))
        yield Shot("passphrase", self._passphrase)
        yield Shot("disable-user", self._disable_user)

    # --- dialogs (shown without blocking; closed once drawn) ----------------------
    def _dialog(self, dialog: QWidget) -> QWidget:
        dialog.show()
        QApplication.processEvents()
        return dialog

    def _comparison(self, case_id: str) -> QWidget:
        from screening_app.gui.duplicates import ComparisonDialog, _candidates

        session = self.window.session
        return self._dialog(ComparisonDialog(session, case_id, _candidates(session, case_id)[0],
                                             self.window))

    def _partner(self) -> Any:
        """A directory entry with a key card (a demo partner)."""
        from screening_app.exchange.directory import AgencyDirectory

        return next(e for e in AgencyDirectory(self.window.session).entries()
                    if e.card is not None)

    def _key_card(self) -> QWidget:
        """A partner's card as the verification offer shows it (not verified yet)."""
        from screening_app.gui.exchange_keys import KeyCardDialog

        return self._dialog(KeyCardDialog(self._partner().card, verified=False,
                                          parent=self.window))

    def _key_change(self) -> QWidget:
        """New keys offered for a partner without proof (made up here, not stored)."""
        from screening_app.exchange.cards import KeyCard
        from screening_app.exchange.identity import DeviceIdentity
        from screening_app.gui.exchange_keys import KeyChangeDialog

        entry = self._partner()
        offered = KeyCard.for_agency(entry.agency, DeviceIdentity.generate())
        return self._dialog(KeyChangeDialog(entry.card, offered, self.window))

    def _passphrase(self) -> QWidget:
        from screening_app.gui.user_dialogs import PassphraseDialog

        dialog = PassphraseDialog(self.window.workspace.settings.reset_user.text().replace(
            "&", ""), ["officer"], self.window)
        dialog.first.setText("mango river")         # weak: the meter and the advice
        return self._dialog(dialog)

    def _disable_user(self) -> QWidget:
        from screening_app.gui.user_dialogs import DisableUserDialog

        return self._dialog(DisableUserDialog("officer", 2, self.window))

    def _page(self, action: Callable[[], Any]) -> QWidget:
        action()
        QApplication.processEvents()
        return self.window

    def _go(self, place: str, case_id: str, step: int) -> QWidget:
        return self._page(partial(self.window.workspace.go_to, place, case_id, step))

    def _case_tab(self, case_id: str, tab: int) -> QWidget:
        ws = self.window.workspace
        ws.go_to("case", case_id, 0)
        ws.detail.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        return self.window

    def start(self, lang: str, scale: int) -> None:
        """The unlock screen in `lang` at `scale` % (the window locked)."""
        from screening_app.gui.settings import apply_text_size

        if self.window.session is not None:
            self.window.panic_lock()
        set_language(lang)
        apply_text_size(scale)
        self.window.show_unlock()
        QApplication.processEvents()

    # --- rendering ---------------------------------------------------------------
    def render(self, lang: str, scale: int, out: Path | None,
               check: Callable[[str, QWidget], None] | None = None) -> list[Path]:
        """Every screen in `lang` at `scale` % (PNG files in `out`; `check(name, window)`
        is called on each)."""
        written: list[Path] = []

        def shoot(name: str, shown: QWidget | None = None) -> None:
            target = shown or self.window
            QApplication.processEvents()
            if check is not None:
                check(name, target)
            if out is not None:
                path = out / f"{lang}-{scale}-{name}.png"
                target.grab().save(str(path))
                written.append(path)
            if target is not self.window:        # a dialog: closed once drawn
                target.close()
                target.deleteLater()

        self.start(lang, scale)
        shoot("unlock")
        for user, shots in ((GALLERY_USER, self.shots), (ADMIN_USER, self.admin_shots)):
            self.unlock(scale, user)
            for shot in shots():
                shoot(shot.name, shot.show())
            self.window.panic_lock()
        shoot("lock")
        return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m screening_app.gui.gallery")
    parser.add_argument("--out", type=Path, default=Path("build/screenshots"))
    parser.add_argument("--lang", nargs="*", default=list(LANGUAGES))
    parser.add_argument("--scale", nargs="*", type=int, default=list(SCALES))
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from screening_app.gui.app import create_application, prepare

    app = create_application()
    prepare(app)
    args.out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="screening-gallery-") as folder:
        gallery = Gallery(Path(folder))

        def check(name: str, window: QWidget) -> None:
            problems.extend(f"{lang}-{scale}-{name}: cut off: {p}" for p in clipped(window))
            problems.extend(f"{lang}-{scale}-{name}: Alt+letter used twice: {c}"
                            for c in clashes(window))

        count = 0
        for lang in args.lang:
            for scale in args.scale:
                count += len(gallery.render(lang, scale, args.out, check))
        gallery.window.close()
    print(f"{count} screenshots in {args.out}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
