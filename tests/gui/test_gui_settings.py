"""Settings: language switch at run time, idle minutes and text size stored per
user, user administration only for admins."""

from __future__ import annotations

import pytest

pytest.importorskip("screening_app.storage")

from gui_support import screenshot, shown

from screening_app.gui.settings import SettingsView, apply_text_size, idle_minutes, text_size
from screening_app.i18n import current_language, set_language, translate


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")
    apply_text_size(100)


def test_language_switch_retranslates_at_once(qtbot, session):
    view = shown(qtbot, SettingsView(), session)
    english = view.labels[0].text()
    view.language.setCurrentIndex(view.language.findData("th"))
    assert current_language() == "th"
    assert view.labels[0].text() == translate("&Language of the program", "th")
    if translate("&Language of the program", "th") != "&Language of the program":
        assert view.labels[0].text() != english


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
    finally:
        admin.close()
