"""The new-passphrase dialog: live strength feedback in all seven languages, OK only
for a strong passphrase typed twice, long phrases in a person's own script."""

from __future__ import annotations

import pytest
from gui_support import prepared_app, screenshot, type_text
from PySide6.QtWidgets import QDialogButtonBox

from screening_app.gui.user_dialogs import PassphraseDialog
from screening_app.i18n import LANGUAGES, set_language


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")


def _dialog(qtbot) -> PassphraseDialog:
    prepared_app()
    dialog = PassphraseDialog("Add user", ["sophea", "Border police Poipet"])
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_weak_then_strong_with_live_feedback(qtbot) -> None:
    dialog = _dialog(qtbot)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.first.setText("sophea123")
    assert not ok.isEnabled() and dialog.meter.value() < 4
    assert "name" in dialog.advice.text()          # says what is wrong: the user's name
    dialog.first.setText("mango river lantern quietly")
    assert dialog.meter.value() == 4 and not ok.isEnabled()   # not repeated yet
    dialog.second.setText("mango river lantern quietl")
    assert "differ" in dialog.advice.text() and not ok.isEnabled()
    dialog.second.setText("mango river lantern quietly")
    assert ok.isEnabled()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feedback_in_every_language(qtbot, artifacts_dir, lang: str) -> None:
    set_language("en")
    dialog = _dialog(qtbot)
    dialog.first.setText("12345678")
    english = (dialog.verdict.text(), dialog.advice.text())
    set_language(lang)
    dialog.retranslate()
    if lang != "en":
        assert (dialog.verdict.text(), dialog.advice.text()) != english
        assert dialog.advice.text() and "{" not in dialog.advice.text()
    if lang in ("km", "my"):
        screenshot(dialog, artifacts_dir, f"passphrase-weak-{lang}")


@pytest.mark.parametrize("phrase", ["ស្រឡាញ់ ភ្នំពេញ ទន្លេ មេឃ", "ฉันรัก ทะเล สีฟ้า ตอนเช้า",
                                    "မြန်မာ ပြည် ရန်ကုန် မိုး ရာသီ"])
def test_phrases_in_a_persons_own_script_are_strong(qtbot, artifacts_dir, phrase: str) -> None:
    dialog = _dialog(qtbot)
    type_text(dialog.first, phrase)
    type_text(dialog.second, phrase)
    assert dialog.passphrase() == phrase
    assert dialog.meter.value() == 4
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    repeated = " ".join([phrase.split()[0]] * 4)
    dialog.first.setText(repeated)
    assert dialog.meter.value() < 4                # the same word four times is weak
