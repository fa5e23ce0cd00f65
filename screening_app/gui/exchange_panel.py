"""Exchange panel: the agency directory with each card's state, this agency's
key card, importing cards and packets, sync with a folder, and conflicts.

The main window shows it as one page (`ExchangePanel(session)`). The file
choosers are thin: each button asks for a path and calls a method that takes
the path, so every action also runs without a dialog (tests, other screens).
`export_packet(parent, session, case_id, agency_id)` is the referral screen's
export action.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screening_app.errors import Refused
from screening_app.exchange.conflicts import open_conflicts
from screening_app.exchange.directory import AgencyDirectory, CardState, state_text
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused
from screening_app.gui.exchange_conflicts import ConflictsDialog, row_table
from screening_app.gui.exchange_import import ImportResultDialog, Outcome
from screening_app.gui.exchange_keys import KeyCardDialog, KeyChangeDialog
from screening_app.gui.exchange_sync import SyncDialog
from screening_app.gui.formatting import agency_name, country_text
from screening_app.gui.layout import ButtonRow, fit_columns
from screening_app.i18n import _, ngettext

if TYPE_CHECKING:
    from screening_app.exchange.exporter import Exported
    from screening_app.storage import Session

PACKET_FILTER = "*.srp"
CARD_FILTER = "*.card *.json"


class ExchangePanel(QWidget):
    cases_changed = Signal()          # packets were imported: case lists should reload

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.directory = AgencyDirectory(session)
        self.heading = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = row_table(3)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.show_card(row))
        self.own_button = QPushButton()
        self.card_button = QPushButton()
        self.packets_button = QPushButton()
        self.sync_button = QPushButton()
        self.conflicts_button = QPushButton()
        self.own_button.clicked.connect(self.show_own_card)
        self.card_button.clicked.connect(self._choose_card)
        self.packets_button.clicked.connect(self._choose_packets)
        self.sync_button.clicked.connect(self._choose_folder)
        self.conflicts_button.clicked.connect(self.show_conflicts)
        buttons = ButtonRow()
        for button in (self.own_button, self.card_button, self.packets_button,
                       self.sync_button, self.conflicts_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.reload()

    # --- view -----------------------------------------------------------------
    def reload(self) -> None:
        # Agencies that can receive packets first, then the seeded ones without keys.
        self.entries = sorted(self.directory.entries(),
                              key=lambda e: (e.card is None, e.agency.country, e.agency.id))
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            # Words for the officer; the agency id (on key cards and packets) in the tip.
            for column, text in ((0, agency_name(entry.agency)),
                                 (1, country_text(entry.agency.country)),
                                 (2, self.state_text(row))):
                item = QTableWidgetItem(text)
                item.setToolTip(_("Agency id: {id}").format(id=entry.agency.id))
                self.table.setItem(row, column, item)
        self.conflict_count = len(open_conflicts(self.session))
        self.retranslate()

    def state_text(self, row: int) -> str:
        return state_text(self.entries[row].state)

    def retranslate(self) -> None:
        self.heading.setText(_("Agencies and referral packets"))
        self.table.setHorizontalHeaderLabels([_("Agency"), _("Country"), _("Key card")])
        for row, entry in enumerate(self.entries):
            for column, text in ((0, agency_name(entry.agency)),
                                 (1, country_text(entry.agency.country)),
                                 (2, self.state_text(row))):
                item = self.table.item(row, column)
                if item is not None:
                    item.setText(text)
        fit_columns(self.table)
        self.own_button.setText(_("My key card"))
        self.card_button.setText(_("Import key card…"))
        self.packets_button.setText(_("Import packets…"))
        self.sync_button.setText(_("Sync with folder…"))
        self.conflicts_button.setText(_("Conflicts ({count})").format(
            count=self.conflict_count))
        self.conflicts_button.setEnabled(self.conflict_count > 0)

    def clear_private(self) -> None:
        """On lock: close every dialog of the panel (conflicts show case data)."""
        for dialog in self.findChildren(QDialog):
            dialog.close()
        self.status.clear()

    # --- actions without dialogs -------------------------------------------------
    def import_card_file(self, path: Path, verified: bool = False) -> str:
        try:
            done = self.directory.import_card(path.read_bytes(), verified=verified)
            released = Importer(self.session).release_quarantine(done.agency_id)
        except Refused as refused:
            self.status.setText(refused.message)
            return refused.message
        except OSError:
            self.status.setText(_("The file could not be read."))
            return self.status.text()
        text = self._say_released(done.describe(command_line=False).replace("\n", " "),
                                  released)
        self.reload()
        return text

    def import_packet_files(self, paths: list[Path]) -> list[Outcome]:
        importer = Importer(self.session)
        outcomes: list[Outcome] = []
        for path in paths:
            try:
                outcomes.append((path.name, importer.import_packet(path.read_bytes())))
            except PacketRefused as refused:
                outcomes.append((path.name, refused.message))
            except Refused as refused:
                outcomes.append((path.name, refused.message))
            except OSError:
                outcomes.append((path.name, _("The file could not be read.")))
        self.reload()
        self.cases_changed.emit()
        return outcomes

    def mark_verified(self, agency_id: str) -> None:
        """The officer compared the fingerprint (of new keys, when a change waits)."""
        try:
            self.directory.mark_verified(agency_id)
            released = Importer(self.session).release_quarantine(agency_id)
        except Refused as refused:
            self.status.setText(refused.message)
        else:
            self._say_released(_("The key card of {agency} is marked verified.").format(
                agency=agency_id), released)
        self.reload()

    def reject_change(self, agency_id: str) -> None:
        """The new fingerprint did not match: keep the held keys."""
        try:
            self.directory.reject_pending(agency_id)
            released = Importer(self.session).release_quarantine(agency_id)
        except Refused as refused:
            self.status.setText(refused.message)
        else:
            self._say_released(_("The new keys of {agency} were refused; its held card stays "
                                 "in use.").format(agency=agency_id), released)
        self.reload()

    def _say_released(self, text: str, released: Sequence[object]) -> str:
        if released:
            text += " " + ngettext("{count} packet held in quarantine was processed.",
                                   "{count} packets held in quarantine were processed.",
                                   len(released)).format(count=len(released))
            self.cases_changed.emit()
        self.status.setText(text)
        return text

    # --- dialogs ---------------------------------------------------------------
    def show_own_card(self) -> KeyCardDialog | None:
        try:
            card = self.directory.own_card()
        except Refused as refused:
            self.status.setText(refused.message)
            return None
        dialog = KeyCardDialog(card, own=True, parent=self)
        dialog.export_requested.connect(lambda: self._save_own_card(card.to_bytes()))
        dialog.show()
        return dialog

    def show_card(self, row: int) -> KeyCardDialog | KeyChangeDialog | None:
        entry = self.entries[row]
        if entry.card is None:
            self.status.setText(_("This agency has no key card yet. Ask them for it and "
                                  "import it."))
            return None
        if entry.pending is not None:
            change = KeyChangeDialog(entry.card, entry.pending, parent=self)
            change.confirmed.connect(self.mark_verified)
            change.refused.connect(self.reject_change)
            change.show()
            return change
        dialog = KeyCardDialog(entry.card, verified=entry.verified, parent=self)
        dialog.mark_verified.connect(self.mark_verified)
        dialog.show()
        return dialog

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.session, parent=self)
        dialog.finished.connect(lambda _result: self.reload())
        dialog.show()
        return dialog

    def sync_with(self, folder: Path) -> SyncDialog:
        dialog = SyncDialog.for_session(self.session, folder, self)
        dialog.finished_report.connect(self._synced)
        dialog.show()
        dialog.start()
        return dialog

    def _synced(self, _report: object) -> None:
        self.reload()
        self.cases_changed.emit()

    def _save_own_card(self, data: bytes) -> None:
        target, _filter = QFileDialog.getSaveFileName(self, _("Save key card"), "agency.card",
                                                      CARD_FILTER)
        if target:
            try:
                Path(target).write_bytes(data)
            except OSError:
                self.status.setText(_("The key card could not be saved there."))

    def _choose_card(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import key card"), "",
                                                    CARD_FILTER)
        if path:
            self.import_card_file(Path(path))

    def _choose_packets(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Import packets"), "",
                                                      PACKET_FILTER)
        if paths:
            ImportResultDialog(self.import_packet_files([Path(p) for p in paths]), self).show()

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Sync with folder"))
        if folder:
            self.sync_with(Path(folder))


def offer_verification(parent: QWidget | None, session: Session, agency_id: str) -> bool:
    """Before a packet goes to an agency whose card is not verified (or whose keys
    changed unproven), show the fingerprint(s) to compare. True when the card is
    verified now (or was already); False when the officer did not confirm."""
    directory = AgencyDirectory(session)
    entry = directory.entry(agency_id)
    if entry is None or entry.card is None or entry.state not in (CardState.NOT_VERIFIED,
                                                                   CardState.KEYS_CHANGED):
        return True
    confirmed: list[str] = []
    dialog: KeyCardDialog | KeyChangeDialog
    if entry.pending is not None:
        dialog = KeyChangeDialog(entry.card, entry.pending, parent)
        dialog.confirmed.connect(confirmed.append)
        dialog.refused.connect(directory.reject_pending)
    else:
        dialog = KeyCardDialog(entry.card, verified=False, parent=parent)
        dialog.mark_verified.connect(confirmed.append)
        dialog.mark_verified.connect(lambda _agency: dialog.accept())
    dialog.exec()
    dialog.deleteLater()
    if not confirmed:
        return False
    directory.mark_verified(agency_id)
    Importer(session).release_quarantine(agency_id)
    return True


def export_packet(parent: QWidget | None, session: Session, case_id: str,
                  agency_id: str) -> Exported | None:
    """The referral screen's "Export packet": offer to compare the agency's
    fingerprint when it was never verified, then queue the packet in the outbox
    (the next sync copies it) and say what a user must know; None when refused."""
    from screening_app.exchange.exporter import export_case
    from screening_app.exchange.packet import PdfStatus

    try:
        if not offer_verification(parent, session, agency_id):
            QMessageBox.warning(parent, _("Packet not exported"),
                                _("Nothing was exported: packets go only to agencies whose "
                                  "fingerprint you compared with them."))
            return None
        exported = export_case(session, case_id, agency_id)
    except Refused as refused:
        QMessageBox.warning(parent, _("Packet not exported"), refused.message)
        return None
    lines = [_("The packet is in the outbox; the next sync copies it to the folder.")]
    if exported.pdf is PdfStatus.NOT_AVAILABLE:
        lines.append(_("The referral PDF is not included (it cannot be made on this "
                       "installation); the receiving agency can print the referral from the "
                       "case."))
    box = QMessageBox(QMessageBox.Icon.Information, _("Packet exported"), "\n".join(lines),
                      QMessageBox.StandardButton.Ok, parent)
    box.show()
    return exported
