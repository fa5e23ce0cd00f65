"""Settings → retention after receipt (administrators): erase a referred case's
personal data N days after the receiving agency's receipt (storage/retention.py).
Hook: gui/settings.py adds the box under the users and passes the session."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSpinBox, QVBoxLayout

from screening_app.domain import Role
from screening_app.errors import Refused
from screening_app.gui.common import show_refusal, wrapped_label
from screening_app.gui.labels import WrappingCheckBox
from screening_app.i18n import _


class RetentionBox(QGroupBox):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("retention")
        self.session: Any = None
        self.enabled = WrappingCheckBox()          # its words wrap (a long sentence)
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.apply = QPushButton()
        self.note = wrapped_label()
        self.enabled.toggled.connect(self.days.setEnabled)
        self.apply.clicked.connect(self._apply)
        row = QHBoxLayout()
        row.addWidget(self.enabled, 1)
        row.addWidget(self.days, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.apply, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setVisible(False)
        self.retranslate()

    def set_session(self, session: Any) -> None:
        from screening_app.storage import retention

        self.session = session
        admin = session is not None and session.user.role is Role.ADMIN
        self.setVisible(admin)
        if admin:
            days = retention.erase_after_days(session)
            self.enabled.setChecked(days is not None)
            self.days.setValue(days or 0)
            self.days.setEnabled(days is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Referred cases on this device"))
        self.enabled.setText(_("&Erase personal data this many days after the receipt"))
        self.days.setAccessibleName(_("Days after the receipt"))
        self.apply.setText(_("A&pply"))
        self.note.setText(_("For checkpoint laptops. A stub stays (reference, dates, outcome, "
                            "to whom it was referred, receipt); names, answers and notes are "
                            "erased from the disk. 0 erases as soon as the receipt arrives."))

    def _apply(self) -> None:
        from screening_app.storage import retention

        if self.session is None:
            return
        try:
            retention.set_erase_after_days(
                self.session, self.days.value() if self.enabled.isChecked() else None)
            retention.run_due(self.session)
        except Refused as refused:
            show_refusal(self, refused)
