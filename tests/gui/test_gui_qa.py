"""Found by walking the program as a newcomer (QA): each test failed before its fix."""

from __future__ import annotations

from gui_support import prepared_app
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from screening_app.gui.main_window import MainWindow


def test_panic_key_works_while_a_dialog_has_the_focus(qtbot, tmp_path):
    prepared_app()
    window = MainWindow(tmp_path)
    qtbot.addWidget(window)
    window.show()
    # e.g. the non-modal "Packet exported" box, left open on top of the referral
    box = QMessageBox(QMessageBox.Icon.Information, "x", "x", QMessageBox.StandardButton.Ok,
                      window)
    box.show()
    box.activateWindow()
    qtbot.waitUntil(box.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_F12)
    assert window.current_screen() is window.neutral
    assert not box.isVisible()


def test_the_passphrase_typed_at_once_goes_into_the_passphrase_field(qtbot, data_dir_factory):
    """The user list is read just after the window is up and fills the User field;
    a newcomer who types the passphrase at once must not type it, in clear, into
    the User field."""
    from screening_app.gui.unlock import UnlockView, remember_user

    prepared_app()
    made = data_dir_factory()
    remember_user(made.path, "officer")              # the officer unlocked here before
    view = UnlockView(made.path)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    qtbot.waitUntil(lambda: view.user.count() > 0)
    assert view.user.currentText() == "officer"      # the last user is preselected
    assert QApplication.focusWidget() is view.passphrase


def test_enter_in_the_user_field_moves_on_to_the_passphrase(qtbot, data_dir_factory):
    from screening_app.gui.unlock import UnlockView

    prepared_app()
    made = data_dir_factory()
    view = UnlockView(made.path)
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: view.user.count() > 0)
    view.user.setFocus()
    qtbot.keyClick(view.user.lineEdit(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view.passphrase


def test_an_administrator_is_told_why_there_are_no_cases(qtbot, data_dir_factory):
    from screening_app.gui.settings import admin_note

    prepared_app()
    made = data_dir_factory()
    window = MainWindow(made.path)
    qtbot.addWidget(window)
    window.show()
    view = window.unlock_view
    view.user.setCurrentText("admin")
    view.passphrase.setText("admin passphrase")
    view.try_unlock()
    settings = window.workspace.settings
    assert window.workspace.pages.currentWidget() is settings
    assert settings.admin_note.isVisibleTo(window) and settings.admin_note.text() == admin_note()
    assert window.workspace.new_button.toolTip() == admin_note()
    window.lock(panic=False)
    view.user.setCurrentText("officer")
    view.passphrase.setText(made.passphrases["officer"])
    view.try_unlock()
    window.workspace.show_settings()
    assert not window.workspace.settings.admin_note.isVisibleTo(window)
    assert window.workspace.new_button.toolTip() == ""


def test_alt_n_goes_to_the_next_page_although_new_interview_has_n_too(
        qtbot, data_dir_factory):
    prepared_app()
    made = data_dir_factory()
    window = MainWindow(made.path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view = window.unlock_view
    view.user.setCurrentText("officer")
    view.passphrase.setText(made.passphrases["officer"])
    view.try_unlock()
    window.workspace.new_button.click()
    interview = window.workspace.interview
    assert interview.step == 0 and interview.next.text() == "&Next"
    assert window.workspace.new_button.text() == "&New interview"    # both Alt+N
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_N,
                   Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: interview.step == 1)                      # the page's Next won
    # Alt+C: "Save and close" (the page) rather than the top bar's "Cases"
    assert window.workspace.cases_button.text() == "&Cases"
    window.activateWindow()            # the offscreen platform drops it after a page
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_C,
                   Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is not interview)


def test_the_profile_names_the_country_and_languages(qtbot, session):
    """The Answers tab said "Cambodia", the Profile tab the bare code "KH"."""
    from gui_support import shown

    from screening_app.domain import Consent, Person
    from screening_app.gui.case_detail import CaseDetailView

    case = session.cases.create(Person(given_name="Dara", nationality="KH",
                                       languages=["km", "th"]),
                                Consent(interview=True, record=True))
    view = shown(qtbot, CaseDetailView(), session)
    view.open_case(str(case.id))
    profile = view.profile.toPlainText()
    assert "Cambodia" in profile and "Khmer, Thai" in profile
