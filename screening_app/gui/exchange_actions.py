"""The workspace's Exchange menu: sync with a folder, show this agency's key card,
import another agency's card. The dialogs belong to the exchange layer
(gui/exchange_*.py); this module only opens them with the current session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from screening_app.errors import Refused
from screening_app.gui import layers
from screening_app.gui.common import show_refusal, unavailable_tip
from screening_app.i18n import _

DIRECTORY = "screening_app.exchange.directory"
SYNC_DIALOG = "screening_app.gui.exchange_sync"
KEYS_DIALOG = "screening_app.gui.exchange_keys"


class ExchangeMenu(QMenu):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Any = None
        self.sync_action = QAction(self)
        self.own_card_action = QAction(self)
        self.import_card_action = QAction(self)
        self.sync_action.triggered.connect(self.sync)
        self.own_card_action.triggered.connect(self.show_own_card)
        self.import_card_action.triggered.connect(self.import_card)
        for action in (self.sync_action, self.own_card_action, self.import_card_action):
            self.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.sync_action.setText(_("&Sync with a folder or USB stick…"))
        self.own_card_action.setText(_("Our agency's &key card…"))
        self.import_card_action.setText(_("&Import another agency's key card…"))
        ready = layers.has(DIRECTORY) and layers.has(SYNC_DIALOG) and layers.has(KEYS_DIALOG)
        for action in self.actions():
            action.setEnabled(ready)
            action.setToolTip("" if ready else unavailable_tip(_("Exchanging referrals")))
        self.setToolTipsVisible(True)

    def _directory(self) -> Any:
        return layers.load(DIRECTORY).AgencyDirectory(self.session)

    def sync(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.parentWidget(),
                                                  _("Folder to sync with"))
        if not folder:
            return
        dialog = layers.load(SYNC_DIALOG).SyncDialog.for_session(self.session, Path(folder),
                                                                  self.parentWidget())
        dialog.start()
        dialog.exec()

    def show_own_card(self) -> None:
        try:
            directory = self._directory()
            card = directory.own_card()
        except Refused as refused:
            show_refusal(self.parentWidget(), refused)
            return
        dialog = layers.load(KEYS_DIALOG).KeyCardDialog(card, own=True,
                                                        parent=self.parentWidget())
        dialog.export_requested.connect(lambda: self._save_card(card))
        dialog.exec()

    def _save_card(self, card: Any) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self.parentWidget(), _("Save the key card"), f"{card.id}.card",
            _("Key cards (*.card)"))
        if target:
            Path(target).write_bytes(card.to_bytes())

    def import_card(self) -> None:
        source, _filter = QFileDialog.getOpenFileName(
            self.parentWidget(), _("Import a key card"), "", _("Key cards (*.card);;All (*)"))
        if not source:
            return
        try:
            directory = self._directory()
            result = directory.import_card(Path(source).read_bytes())
            card = directory.card(result.agency_id)
        except (Refused, OSError) as problem:
            if isinstance(problem, Refused):
                show_refusal(self.parentWidget(), problem)
            else:
                QMessageBox.warning(self.parentWidget(), _("Not done"),
                                    _("The file cannot be read; nothing was imported."))
            return
        dialog = layers.load(KEYS_DIALOG).KeyCardDialog(card, verified=result.verified,
                                                        parent=self.parentWidget())
        dialog.mark_verified.connect(directory.mark_verified)
        dialog.exec()
