"""Settings: language switch at run time, idle minutes and text size stored per
user, user administration only for admins."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")

from gui_support import on_next_dialog, screenshot, shown
from test_gui_workflow import unlock, window  # noqa: F401

from screening_app.gui.settings import SettingsView, apply_text_size, idle_minutes, text_size
from screening_app.i18n import current_language, set_language, translate


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")
    apply_text_size(100)


def test_language_switch_retranslates_the_whole_window_at_once(qtbot, window,  # noqa: F811
                                                                artifacts_dir):
    win = window
    unlock(qtbot, win)
    win.workspace.show_settings()
    view = win.workspace.settings
    view.language.setCurrentIndex(view.language.findData("th"))
    assert current_language() == "th"
    assert view.labels[0].text() == translate("&Language of the program", "th")
    assert win.workspace.cases_button.text() == translate("&Cases", "th")
    assert translate("&Cases", "th") != "&Cases"          # the Thai catalog has them
    screenshot(win, artifacts_dir, "settings-th")


def test_idle_minutes_and_text_size_are_stored(qtbot, session):
    view = shown(qtbot, SettingsView(), session)
    view.idle.setValue(2)
    view.text_size.setValue(150)
    assert idle_minutes(session) == 2
    assert text_size(session) == 150


def test_officers_see_no_user_administration(qtbot, session):
    view = shown(qtbot, SettingsView(), session)
    assert session.user.name == "officer"
    assert not view.users_box.isVisibleTo(view)


def test_admin_sees_the_users(qtbot, data_dir_factory, artifacts_dir):
    made = data_dir_factory()
    admin = made.open("admin")
    try:
        view = shown(qtbot, SettingsView(), admin)
        assert view.users_box.isVisibleTo(view)
        names = [view.users.item(i).text().split(" · ")[0] for i in range(view.users.count())]
        assert set(names) == {"admin", "officer", "supervisor"}
        screenshot(view, artifacts_dir, "settings-admin")
        # roles in words, in the language in use (the stored code is "admin")
        view.users.setCurrentRow(names.index("supervisor"))
        assert "admin · administrator" in [view.users.item(i).text()
                                           for i in range(view.users.count())]
        set_language("th")
        view.retranslate()                 # what the main window does on a switch
        texts = [view.users.item(i).text() for i in range(view.users.count())]
        assert f"supervisor · {translate('supervisor', 'th')}" in texts
        assert view.users.currentItem().text().startswith("supervisor")   # still chosen
    finally:
        admin.close()


def test_admin_adds_and_disables_a_user(qtbot, data_dir_factory, monkeypatch):
    from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

    made = data_dir_factory()
    admin = made.open("admin")
    try:
        view = shown(qtbot, SettingsView(), admin)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("sophea", True))
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("officer", True))

        def type_passphrase(dialog):
            dialog.first.setText("a long new passphrase")
            dialog.second.setText("a long new passphrase")
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

        on_next_dialog(type_passphrase)
        view.add_user.click()
        assert "sophea" in [u.name for u in admin.users.list()]
        row = next(i for i in range(view.users.count())
                   if view.users.item(i).text().startswith("sophea"))
        view.users.setCurrentRow(row)
        on_next_dialog(lambda d: d.buttons.button(QDialogButtonBox.StandardButton.Ok).click())
        view.disable_user.click()
        assert next(u for u in admin.users.list() if u.name == "sophea").disabled
        assert "sophea" in view.users_note.text()
    finally:
        admin.close()


def test_idle_minutes_apply_to_the_running_lock(qtbot, window):  # noqa: F811
    win = window
    unlock(qtbot, win)
    win.workspace.show_settings()
    win.workspace.settings.idle.setValue(2)
    assert win.idle.interval_ms() == 2 * 60_000
    assert win.idle.armed
