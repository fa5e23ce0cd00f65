"""Layouts that hold in every script and at 200 % text (issue 19): no button, label
or case reference cut off on any screen, columns sized to their content, indicators
that grow with the text, line breaks where ICU says a word ends, the mouse wheel
over a nested list, the officer's column readable."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("screening_app.exchange.directory")

from gui_support import prepared_app, screenshot
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from screening_app.gui.common import BreakingLabel
from screening_app.gui.settings import apply_text_size
from screening_app.i18n import set_language
from screening_app.i18n.breaks import segments

pytestmark = pytest.mark.usefixtures("english_again")


@pytest.fixture(scope="module")
def gallery(tmp_path_factory, qapp):
    from screening_app.gui.gallery import Gallery

    prepared_app()
    made = Gallery(tmp_path_factory.mktemp("gallery"))
    yield made
    made.window.close()


# The renders looked at inside `make test`: Khmer then Burmese at 200 % (the scripts
# that need the most room) and English at 100 %; `test_screenshots_target_renders_
# every_language` runs the gallery itself on Vietnamese at 100 %. `make screenshots`
# renders all seven languages at both sizes and fails on the same checks. Burmese
# follows Khmer in one test, as in `make screenshots` (no reset to English between):
# texts changed at the lock screen while the pages were hidden once kept the
# shorter Khmer height there (the case list's buttons cut off).
RENDERS = [(("km", "my"), 200), (("en",), 100)]


@pytest.mark.parametrize(("langs", "scale"), RENDERS, ids=["km-my-200", "en-100"])
def test_no_text_is_cut_off_and_no_alt_letter_is_shared(gallery, langs, scale,
                                                         artifacts_dir) -> None:
    """Every screen: no button, label or case reference cut off, and (issue 16) no
    Alt+letter shared by two controls (the Settings screen's "&Language" and "&Lock",
    the unlock screen's "&User" and "&Unlock", the referral's "&Second language" and
    "&Save referral" each left one control unreachable)."""
    from screening_app.gui.gallery import clipped
    from screening_app.gui.mnemonics import clashes

    cut: dict[str, list[str]] = {}
    shared: dict[str, list[str]] = {}
    for lang in langs:

        def check(name: str, window: QWidget, lang: str = lang) -> None:
            if found := clipped(window):
                cut[f"{lang}-{name}"] = found
            if found := clashes(window):
                shared[f"{lang}-{name}"] = found

        written = gallery.render(lang, scale, artifacts_dir, check)
        assert len(written) >= 25          # every screen, each interview section, dialogs
    assert cut == {}
    assert shared == {}


def test_the_check_sees_a_cut_button_and_a_cut_label(qtbot) -> None:
    from screening_app.gui.gallery import clipped

    set_language("my")
    apply_text_size(200)
    root = QWidget()
    qtbot.addWidget(root)
    button = QRadioButton("အမှုတွဲ ဖွင့်ရန်", root)
    label = QLabel("ပရိုဂရမ်ကို သော့ခတ်ထားသည်", root)
    button.setGeometry(0, 0, 60, 20)
    label.setGeometry(0, 40, 60, 20)
    root.show()
    found = clipped(root)
    assert any("QRadioButton" in f for f in found) and any("QLabel" in f for f in found)


def test_the_case_reference_column_grows_with_the_text(gallery) -> None:
    gallery.start("km", 100)
    gallery.unlock(100)
    table = gallery.window.workspace.cases.table
    gallery.window.workspace.show_cases()
    QApplication.processEvents()
    narrow = table.columnWidth(0)
    gallery.window.workspace.settings.text_size.setValue(200)
    QApplication.processEvents()
    assert table.columnWidth(0) >= table.sizeHintForColumn(0) > narrow * 1.6
    assert table.rowHeight(0) >= table.sizeHintForRow(0)
    gallery.window.panic_lock()


def _indicator_width(button: QRadioButton) -> int:
    option = QStyleOptionButton()
    button.initStyleOption(option)
    return button.style().subElementRect(QStyle.SubElement.SE_RadioButtonIndicator, option,
                                         button).width()


def test_radio_indicators_grow_with_the_text(qtbot) -> None:
    button = QRadioButton("Yes")
    qtbot.addWidget(button)
    button.show()
    small = _indicator_width(button)
    apply_text_size(200)
    QApplication.processEvents()
    assert _indicator_width(button) >= 1.7 * small


def test_labels_break_burmese_khmer_and_lao_where_icu_says(qtbot, artifacts_dir) -> None:
    """Qt alone breaks Burmese inside a syllable ("လိုအပ်ချ / က်များ") and does not
    break Khmer or Lao at all; a BreakingLabel's lines end where ICU says a word ends,
    and each fits the label."""
    samples = {
        "my": "အရေးပေါ် လိုအပ်ချက်များ ရှိပါသလား။ ဆရာဝန် သို့မဟုတ် ဆေးဘက်ဆိုင်ရာ အကူအညီ လိုအပ်ပါသလား။",
        "km": "តើអ្នកត្រូវការគ្រូពេទ្យ ឬជំនួយផ្នែកវេជ្ជសាស្ត្រ ឥឡូវនេះទេ?",
        "lo": "ທ່ານຕ້ອງການທ່ານໝໍ ຫຼື ການຊ່ວຍເຫຼືອທາງການແພດດຽວນີ້ບໍ?",
        "th": "ตอนนี้คุณต้องการหมอหรือความช่วยเหลือทางการแพทย์ไหม",
    }
    page = QWidget()
    qtbot.addWidget(page)
    page.resize(200, 560)
    page.show()
    for n, (lang, text) in enumerate(samples.items()):
        label = BreakingLabel(text, page)
        label.setGeometry(10, 10 + n * 135, 170, label.heightForWidth(170))
        label.show()
        QApplication.processEvents()
        assert label.text() == text                       # the text as set
        lines = QLabel.text(label).split("\n")           # what Qt draws
        assert len(lines) > 1, lang                       # it does break
        metrics = QFontMetricsF(label.font())
        boundaries, at = _icu_boundaries(text), 0
        for line in lines:
            start = text.index(line, at)
            at = start + len(line)
            assert metrics.horizontalAdvance(line) <= label.contentsRect().width(), line
            if at < len(text.rstrip()):
                assert at in boundaries or text[at] == " ", (lang, line[-6:], text[at:][:6])
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    screenshot(page, artifacts_dir, "line-breaks-my-km-lo-th")


def _icu_boundaries(text: str) -> set[int]:
    out, at = set(), 0
    for part in segments(text):
        at += len(part.rstrip(" "))
        out.add(at)
        at += len(part) - len(part.rstrip(" "))
    return out


def test_the_wheel_scrolls_the_citizenship_list_not_the_page(gallery) -> None:
    gallery.start("en", 100)
    gallery.unlock(100)
    ws = gallery.window.workspace
    ws.go_to("interview", gallery.cases()["draft"], 3)
    box = next(b for b in ws.interview.boxes if b.qid == "citizenship")
    ws.interview.body.ensureWidgetVisible(box.input.list)
    QApplication.processEvents()
    page = ws.interview.body.verticalScrollBar()
    nested = box.input.list.verticalScrollBar()
    before = page.value()

    def wheel(delta: int) -> None:
        viewport = box.input.list.viewport()
        centre = QPointF(viewport.rect().center())
        QApplication.sendEvent(viewport, QWheelEvent(
            centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0),
            QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False))
        QApplication.processEvents()

    nested.setValue(0)
    wheel(120)                                   # up, at the top of the list
    assert page.value() == before and nested.value() == 0
    wheel(-120)                                  # down
    assert page.value() == before and nested.value() > 0
    gallery.window.panic_lock()


def test_the_officers_column_is_larger_than_the_rest(gallery) -> None:
    from screening_app.gui.answer_inputs import OFFICER_SCALE

    gallery.start("en", 100)
    gallery.unlock(100)
    ws = gallery.window.workspace
    ws.go_to("interview", gallery.cases()["draft"], 1)
    box = ws.interview.boxes[0]
    base = QApplication.font().pointSizeF()
    assert box.officer_text.font().pointSizeF() >= base * OFFICER_SCALE - 0.01 >= 10
    gallery.window.panic_lock()


def test_the_red_outcome_has_a_legend_and_a_tooltip(gallery) -> None:
    from screening_app.gui.case_table import COLUMNS

    gallery.start("en", 100)
    gallery.unlock(100)
    cases = gallery.window.workspace.cases
    gallery.window.workspace.show_cases()
    assert cases.legend.isVisibleTo(cases) and "urgent" in cases.legend.text()
    column = [key for key, _header in COLUMNS].index("outcome")
    tips = [cases.model.index(r, column).data(Qt.ItemDataRole.ToolTipRole)
            for r in range(cases.model.rowCount())]
    urgent = [r for r in range(cases.model.rowCount()) if cases.model.rows[r].urgent]
    assert urgent and all("urgent" in tips[r] for r in urgent)
    assert all(tips[r] is None for r in range(len(tips)) if r not in urgent)
    gallery.window.panic_lock()


def test_screenshots_target_renders_every_language(tmp_path: Path) -> None:
    """`make screenshots` names its files LANG-SCALE-SCREEN.png (checked on a subset:
    rendering everything takes minutes)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "screening_app.gui.gallery", "--out", str(tmp_path),
         "--lang", "vi", "--scale", "100"],
        capture_output=True, text=True, timeout=300,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    names = {p.name for p in tmp_path.glob("*.png")}
    assert {"vi-100-unlock.png", "vi-100-case-list.png", "vi-100-case-answers.png",
            "vi-100-interview-1-safety.png", "vi-100-outcome.png", "vi-100-referral.png",
            "vi-100-exchange.png", "vi-100-settings.png", "vi-100-lock.png"} <= names

