"""Settings screen: UI language (switches at once), default interviewee language,
idle-lock minutes, text size; user administration for admins. Storage enforces
roles; this screen only hides what a role cannot use."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui.common import Screen, show_refusal, wrapped_label
from screening_app.gui.layout import ButtonRow, scrolling_page
from screening_app.gui.locking import DEFAULT_IDLE_MINUTES
from screening_app.gui.retention import RetentionBox
from screening_app.gui.sync_settings import RelaySyncBox
from screening_app.i18n import AUTONYMS, LANGUAGES, N_, _, current_language, set_language


def admin_note() -> str:
    """Storage's own refusal for administrators (so it is already translated)."""
    return _("Administrators manage users and cannot open cases. Sign in as an officer or a "
             "supervisor.")

# Roles in words (the user list, the role of a new user, "Signed in: ...").
ROLE_TEXT = {"officer": N_("officer"), "supervisor": N_("supervisor"),
             "admin": N_("administrator")}


def role_text(role: Any) -> str:
    value = str(getattr(role, "value", role))
    return _(ROLE_TEXT.get(value, value))


IDLE_KEY = "idle_lock_minutes"
TEXT_SIZE_KEY = "text_size_percent"
INTERVIEWEE_KEY = "default_interviewee_language"
MIN_TEXT, MAX_TEXT = 100, 200
_base_point_size: list[float] = []


def _get(session: Any, key: str, default: Any) -> Any:
    if session is None:
        return default
    value = session.settings.get(key)
    return default if value is None else value


def idle_minutes(session: Any) -> int:
    return int(_get(session, IDLE_KEY, DEFAULT_IDLE_MINUTES))


def text_size(session: Any) -> int:
    return int(_get(session, TEXT_SIZE_KEY, MIN_TEXT))


def default_interviewee_language(session: Any) -> str:
    value = str(_get(session, INTERVIEWEE_KEY, current_language()))
    return value if value in LANGUAGES else current_language()


def apply_text_size(percent: int) -> None:
    """Scale the application's font; layouts grow with it (no fixed sizes)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = QFont(app.font())
    if not _base_point_size:
        _base_point_size.append(font.pointSizeF() if font.pointSizeF() > 0 else 10.0)
    percent = max(MIN_TEXT, min(MAX_TEXT, percent))
    size = _base_point_size[0] * percent / 100
    if abs(font.pointSizeF() - size) < 0.01:
        return                           # unchanged: spare the repolish below
    font.setPointSizeF(size)
    app.setFont(font)
    # Labels styled with a font rule (bold headings) keep the font they were polished
    # with: setting the same style sheet again repolishes them at the new size.
    app.setStyleSheet(app.styleSheet())


class SettingsView(Screen):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self.session: Any = None
        self.language = QComboBox()
        self.interviewee = QComboBox()
        for combo in (self.language, self.interviewee):
            for code in LANGUAGES:
                combo.addItem(AUTONYMS[code], code)
        self.idle = QSpinBox()
        self.idle.setRange(1, 60)
        self.text_size = QSpinBox()
        self.text_size.setRange(MIN_TEXT, MAX_TEXT)
        self.text_size.setSingleStep(25)
        self.text_size.setSuffix(" %")
        self.labels = [QLabel() for _i in range(4)]
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for label, field in zip(self.labels, (self.language, self.interviewee, self.idle,
                                              self.text_size), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
        self.language.currentIndexChanged.connect(self._language_chosen)
        # `activated`: also when the officer picks the language the box already shows
        # (the shown default is then stored, not left to follow the program's language).
        self.interviewee.activated.connect(lambda _i: self._save(
            INTERVIEWEE_KEY, self.interviewee.currentData()))
        self.idle.valueChanged.connect(lambda v: self._save(IDLE_KEY, int(v)))
        self.text_size.valueChanged.connect(self._text_size_chosen)

        self.users_box = QGroupBox()
        self.users = QListWidget()
        self.add_user = QPushButton()
        self.reset_user = QPushButton()
        self.disable_user = QPushButton()
        self.add_user.clicked.connect(self._add_user)
        self.reset_user.clicked.connect(self._reset_user)
        self.disable_user.clicked.connect(self._disable_user)
        self.users_note = wrapped_label()
        user_buttons = ButtonRow()
        for button in (self.add_user, self.reset_user, self.disable_user):
            user_buttons.addWidget(button)
        box_layout = QVBoxLayout(self.users_box)
        box_layout.addWidget(self.users)
        box_layout.addWidget(user_buttons)
        box_layout.addWidget(self.users_note)

        self.who = QLabel()
        self.who.setObjectName("heading")
        # In a scroll area: an administrator's page (users, retention) is taller than
        # a laptop screen at 200 % in Burmese.
        layout = scrolling_page(self)
        layout.addWidget(self.who)
        # An administrator lands here: say why there are no cases and what to do.
        self.admin_note = wrapped_label()
        self.admin_note.setObjectName("admin_note")
        layout.addWidget(self.admin_note)
        layout.addLayout(form)
        self.sync_box = RelaySyncBox()           # Settings → Sync (gui/sync_settings.py)
        layout.addWidget(self.sync_box)
        layout.addWidget(self.users_box, 1)
        self.retention = RetentionBox()          # administrators (gui/retention.py)
        layout.addWidget(self.retention)
        layout.addStretch(0)             # keeps the rows at the top when the box is hidden
        self.retranslate()

    def set_session(self, session: Any) -> None:
        self.session = session
        self.sync_box.set_session(session)
        self.retention.set_session(session)
        self.load()

    def clear_private(self) -> None:
        self.session = None
        self.sync_box.clear_private()
        self.retention.set_session(None)
        self.users.clear()
        self.who.clear()

    def load(self) -> None:
        """Show the stored values without writing them back."""
        widgets = (self.language, self.interviewee, self.idle, self.text_size)
        for widget in widgets:
            widget.blockSignals(True)
        self.language.setCurrentIndex(LANGUAGES.index(current_language()))
        self.interviewee.setCurrentIndex(
            LANGUAGES.index(default_interviewee_language(self.session)))
        self.idle.setValue(idle_minutes(self.session))
        self.text_size.setValue(text_size(self.session))
        for widget in widgets:
            widget.blockSignals(False)
        self.retranslate()                 # also lists the users (administrators)

    def is_admin(self) -> bool:
        return self.session is not None and self.session.user.role is Role.ADMIN

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (_("&Language of the program"),
                                             _("Default &interviewee language"),
                                             _("Loc&k after minutes without use"),
                                             _("Te&xt size")), strict=True):
            label.setText(text)
        self.language.setAccessibleName(_("Language of the program"))
        self.interviewee.setAccessibleName(_("Default interviewee language"))
        self.idle.setAccessibleName(_("Lock after minutes without use"))
        self.text_size.setAccessibleName(_("Text size"))
        self.users_box.setTitle(_("Users of this device"))
        self.users.setAccessibleName(_("Users of this device"))
        self.add_user.setText(_("&Add user…"))
        self.reset_user.setText(_("&Reset passphrase…"))
        self.disable_user.setText(_("&Disable user"))
        self.users_note.setText(_("Disabling a user also changes the database key, so an old "
                                  "copy of their key slot no longer opens it."))
        self.users_box.setVisible(self.is_admin())
        self._load_users()
        self.admin_note.setText(admin_note())
        self.admin_note.setVisible(self.is_admin())
        if self.session is not None:
            self.who.setText(_("Signed in: {user} ({role})").format(
                user=self.session.user.name, role=role_text(self.session.user.role)))

    # --- values ---------------------------------------------------------------
    def _save(self, key: str, value: Any) -> None:
        if self.session is None:
            return
        try:
            self.session.settings.set(key, value)
        except Refused as refused:
            show_refusal(self, refused)
            return
        self.changed.emit()

    def _language_chosen(self, index: int) -> None:
        code = self.language.itemData(index)
        if isinstance(code, str):
            set_language(code)
            self.retranslate()   # also when shown on its own, without the main window

    def _text_size_chosen(self, value: int) -> None:
        apply_text_size(int(value))
        self._save(TEXT_SIZE_KEY, int(value))

    # --- users (admins) -------------------------------------------------------
    def _load_users(self) -> None:
        """The users and their roles in words (again after a language switch, the
        same user still selected)."""
        chosen = self._selected_user()
        self.users.clear()
        if not self.is_admin():
            return
        for user in self.session.users.list():
            state = _(" (disabled)") if getattr(user, "disabled", False) else ""
            self.users.addItem(f"{user.name} · {role_text(user.role)}{state}")
            if user.name == chosen:
                self.users.setCurrentRow(self.users.count() - 1)

    def _selected_user(self) -> str | None:
        item = self.users.currentItem()
        return None if item is None else item.text().split(" · ")[0]

    def _ask_passphrase(self, title: str, name: str) -> str | None:
        from screening_app.gui.user_dialogs import ask_new_passphrase

        agency = self.session.device.agency_name or ""
        return ask_new_passphrase(self, title, [name, agency])

    def _add_user(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add user"), _("User name"))
        if not ok or not name.strip():
            return
        roles = list(Role)
        words = [role_text(r) for r in roles]
        chosen, ok = QInputDialog.getItem(self, _("Add user"), _("Role"), words, 0, False)
        if not ok or chosen not in words:
            return
        role = roles[words.index(chosen)]
        passphrase = self._ask_passphrase(_("Add user"), name.strip())
        if passphrase is None:
            return
        self._run(lambda: self.session.users.add(name.strip(), role, passphrase))

    def _reset_user(self) -> None:
        name = self._selected_user()
        passphrase = None if name is None else self._ask_passphrase(_("Reset passphrase"), name)
        if name is not None and passphrase is not None:
            self._run(lambda: self.session.users.passwd(name, passphrase))

    def _disable_user(self) -> None:
        from screening_app.gui.user_dialogs import disable_user

        name = self._selected_user()
        if name is not None:
            done = disable_user(self, self.session, name)
            if done is not None:
                self.users_note.setText(done)
            self._load_users()

    def _run(self, action: Any) -> None:
        try:
            action()
        except Refused as refused:
            show_refusal(self, refused)
        self._load_users()
