"""The windows of key-card trust: new keys shown old beside new, and the referral's
export offering the fingerprint comparison first. Offscreen, real installations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exchange_installations import SHELTER, SHELTER_ID, make_pair, new_case, own_card
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.gui.exchange_keys import KeyChangeDialog, fingerprint_lines
from screening_app.gui.exchange_panel import ExchangePanel, export_packet


def _on_next_dialog(action: Any, not_this: Any = None) -> None:
    """Run `action(dialog)` on the next modal dialog (other than `not_this`) once open."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not_this:
            QTimer.singleShot(10, attempt)
            return
        action(dialog)

    QTimer.singleShot(0, attempt)


def test_new_keys_side_by_side_then_confirmed(qtbot: Any, data_dir_factory: Any,
                                              artifacts_dir: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    reinstalled = type(shelter)(data_dir_factory("shelter2", **SHELTER), SHELTER_ID)
    with police.open() as session:
        AgencyDirectory(session).import_card(own_card(reinstalled))
    with reinstalled.open() as session:
        directory = AgencyDirectory(session)
        directory.import_card(own_card(police), verified=True)
        new_card = directory.own_card()
        packet = export_case(session, new_case(session), police.agency_id).packet.data
    with police.open() as session:
        assert Importer(session).import_packet(packet).status == "quarantined"
        panel = ExchangePanel(session)
        qtbot.addWidget(panel)
        panel.show()
        row = next(i for i, e in enumerate(panel.entries) if e.agency.id == SHELTER_ID)
        assert panel.table.item(row, 2).text() == "keys changed, NOT VERIFIED"
        dialog = panel.show_card(row)
        assert isinstance(dialog, KeyChangeDialog)
        qtbot.addWidget(dialog)
        held = AgencyDirectory(session).entry(SHELTER_ID).card
        assert dialog.old_fingerprint.text() == fingerprint_lines(held.fingerprint)
        assert dialog.new_fingerprint.text() == fingerprint_lines(new_card.fingerprint)
        dialog.grab().save(str(artifacts_dir / "exchange-key-change.png"))
        with qtbot.waitSignal(panel.cases_changed):
            dialog.confirm_button.click()
        assert "1 packet held in quarantine was processed" in panel.status.text()
        entry = AgencyDirectory(session).entry(SHELTER_ID)
        assert entry.state == "verified" and entry.card.fingerprint == new_card.fingerprint


def test_export_offers_the_comparison_first(qtbot: Any, data_dir_factory: Any) -> None:
    police, shelter = make_pair(data_dir_factory, introduce=False)
    with police.open() as session:
        AgencyDirectory(session).import_card(own_card(shelter))      # not verified
        case_id = new_case(session)
        # Closing the dialog without confirming exports nothing (and says so).
        said: list[str] = []

        def close_unconfirmed(dialog: Any) -> None:
            dialog.reject()
            _on_next_dialog(lambda box: (said.append(box.text()), box.close()), dialog)

        _on_next_dialog(close_unconfirmed)
        assert export_packet(None, session, case_id, SHELTER_ID) is None
        assert "compared" in said[0]
        assert not session.database.query("SELECT 1 FROM exchange_outbox")
        # Confirming the fingerprint verifies the card and the packet goes.
        _on_next_dialog(lambda d: d.verify_button.click())
        exported = export_packet(None, session, case_id, SHELTER_ID)
        assert exported is not None
        assert AgencyDirectory(session).entry(SHELTER_ID).state == "verified"
        for box in QApplication.topLevelWidgets():      # the "exported" and "not" messages
            box.close()
