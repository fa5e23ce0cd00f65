"""The exchange widgets, offscreen, over real installations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exchange_installations import SHELTER_ID, edit_person, make_pair, new_case, referred_case
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from screening_app.exchange.directory import AgencyDirectory
from screening_app.exchange.exporter import export_case
from screening_app.exchange.importer import Importer
from screening_app.exchange.packet import PacketRefused
from screening_app.exchange.sync import sync_folder
from screening_app.gui.exchange_import import ImportResultDialog
from screening_app.gui.exchange_keys import KeyCardDialog
from screening_app.gui.exchange_sync import SyncDialog


def test_key_card_dialog_shows_fingerprint_and_qr(qtbot: Any, data_dir_factory: Any,
                                                  artifacts_dir: Path) -> None:
    _police, shelter = make_pair(data_dir_factory, introduce=False)
    with shelter.open() as session:
        card = AgencyDirectory(session).own_card()
    dialog = KeyCardDialog(card, verified=False)
    qtbot.addWidget(dialog)
    dialog.show()
    groups = card.fingerprint.split()
    assert dialog.fingerprint.text().split() == groups
    assert not dialog.qr.pixmap().isNull()
    assert "NOT VERIFIED" in dialog.state.text()
    assert dialog.verify_button.isVisible()
    dialog.grab().save(str(artifacts_dir / "exchange-key-card.png"))
    with qtbot.waitSignal(dialog.mark_verified) as signal:
        dialog.verify_button.click()
    assert signal.args == [card.id]
    assert "Verified" in dialog.state.text() and not dialog.verify_button.isVisible()
    own = KeyCardDialog(card, own=True)
    qtbot.addWidget(own)
    own.show()
    assert own.export_button.isVisible() and not own.verify_button.isVisible()


def test_sync_dialog_runs_off_the_gui_thread(qtbot: Any, data_dir_factory: Any,
                                             tmp_path: Path, artifacts_dir: Path) -> None:
    police, _shelter = make_pair(data_dir_factory)
    usb = tmp_path / "usb"
    usb.mkdir()
    with police.open() as session:
        for _ in range(5):
            export_case(session, new_case(session), SHELTER_ID)
        threads: list[object] = []

        def run(progress: Any) -> Any:
            threads.append(QThread.currentThread())
            return sync_folder(session, usb, progress)

        dialog = SyncDialog(run)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.start()
        qtbot.waitUntil(lambda: dialog.report is not None or dialog.error is not None,
                        timeout=30_000)
        assert dialog.error is None
        assert threads and threads[0] is not QApplication.instance().thread()
        assert dialog.report.copied == 5
        assert dialog.bar.value() == dialog.bar.maximum()
        assert dialog.log.count() >= 5
        assert "5 packets copied" in dialog.heading.text()
        assert dialog.buttons.isEnabled()
        dialog.grab().save(str(artifacts_dir / "exchange-sync.png"))
        dialog.worker.wait(5000)
    assert len(list(usb.glob("*.srp"))) == 5


def test_import_result_dialog_lists_each_packet(qtbot: Any, data_dir_factory: Any,
                                                artifacts_dir: Path) -> None:
    police, shelter = make_pair(data_dir_factory)
    with police.open() as session:
        data = export_case(session, new_case(session), SHELTER_ID).packet.data
    outcomes: list[Any] = []
    with shelter.open() as session:
        importer = Importer(session)
        outcomes.append(("a.srp", importer.import_packet(data)))
        outcomes.append(("a-copy.srp", importer.import_packet(data)))
        try:
            importer.import_packet(data[:100])
        except PacketRefused as refused:
            outcomes.append(("broken.srp", refused.message))
    dialog = ImportResultDialog(outcomes)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.counts() == {"imported": 1, "unchanged": 1, "attention": 0, "refused": 1}
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert "new case imported" in texts[0]
    assert "already imported" in texts[1]
    assert texts[2].startswith("broken.srp: Packet refused")
    dialog.grab().save(str(artifacts_dir / "exchange-import.png"))


def test_conflicts_dialog_resolves(qtbot: Any, data_dir_factory: Any,
                                   artifacts_dir: Path) -> None:
    from screening_app.gui.exchange_conflicts import ConflictsDialog

    police, shelter = make_pair(data_dir_factory)
    case_id, _first = referred_case(police, shelter)
    edit_person(shelter, case_id, address="ទីក្រុងភ្នំពេញ")
    edit_person(police, case_id, address="Poipet")
    with police.open() as session:
        update = export_case(session, case_id, SHELTER_ID).packet.data
    with shelter.open() as session:
        assert Importer(session).import_packet(update).conflicts == 1
        dialog = ConflictsDialog(session, case_id)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.table.rowCount() == 1
        assert dialog.table.item(0, 0).text() == "Address"
        assert dialog.table.item(0, 1).text() == "ទីក្រុងភ្នំពេញ"
        assert dialog.table.item(0, 2).text() == "Poipet"
        dialog.grab().save(str(artifacts_dir / "exchange-conflicts.png"))
        dialog.take_button.click()
        assert dialog.table.rowCount() == 0 and not dialog.take_button.isEnabled()
        assert session.cases.get(case_id).person.address == "Poipet"


def _sync(qtbot: Any, panel: Any, folder: Path) -> Any:
    dialog = panel.sync_with(folder)
    qtbot.waitUntil(lambda: dialog.report is not None or dialog.error is not None,
                    timeout=30_000)
    dialog.worker.wait(5000)
    assert dialog.error is None
    return dialog.report


def test_two_installations_exchange_from_the_gui(qtbot: Any, data_dir_factory: Any,
                                                 tmp_path: Path, artifacts_dir: Path) -> None:
    from exchange_installations import own_card

    from screening_app.domain import ReferralStatus
    from screening_app.gui.exchange_panel import ExchangePanel, export_packet

    police, shelter = make_pair(data_dir_factory, introduce=False)
    (tmp_path / "police.card").write_bytes(own_card(police))
    (tmp_path / "shelter.card").write_bytes(own_card(shelter))
    usb = tmp_path / "usb"
    usb.mkdir()

    with police.open() as session:
        panel = ExchangePanel(session)
        qtbot.addWidget(panel)
        panel.show()
        text = panel.import_card_file(tmp_path / "shelter.card")
        assert "NOT VERIFIED" in text
        row = next(i for i, e in enumerate(panel.entries) if e.agency.id == SHELTER_ID)
        assert panel.table.item(row, 2).text() == "NOT VERIFIED"
        card_dialog = panel.show_card(row)
        assert card_dialog is not None
        qtbot.addWidget(card_dialog)
        card_dialog.verify_button.click()
        row = next(i for i, e in enumerate(panel.entries) if e.agency.id == SHELTER_ID)
        assert panel.table.item(row, 2).text() == "verified"
        case_id = new_case(session)
        assert export_packet(panel, session, case_id, SHELTER_ID) is not None
        assert _sync(qtbot, panel, usb).copied == 1
        panel.grab().save(str(artifacts_dir / "exchange-panel.png"))

    with shelter.open() as session:
        panel = ExchangePanel(session)
        qtbot.addWidget(panel)
        with qtbot.waitSignal(panel.cases_changed):
            report = _sync(qtbot, panel, usb)
        assert [r.status for r in report.imported] == ["quarantined"]   # police unknown
        with qtbot.waitSignal(panel.cases_changed):
            text = panel.import_card_file(tmp_path / "police.card", verified=True)
        assert "1 packet held in quarantine was processed" in text
        assert session.cases.get(case_id).person.latin_name == "Sok Sreypov"
        assert _sync(qtbot, panel, usb).copied == 1                      # the receipt
        conflicts = panel.show_conflicts()
        assert conflicts.isVisible()
        panel.clear_private()                                           # the app locks
        assert not conflicts.isVisible() and panel.status.text() == ""

    with police.open() as session:
        panel = ExchangePanel(session)
        qtbot.addWidget(panel)
        report = _sync(qtbot, panel, usb)
        assert [r.status for r in report.imported] == ["receipt"]
        assert session.cases.get(case_id).referrals[0].status is ReferralStatus.RECEIVED
        # Importing the folder by hand: the own referral is not for us, the receipt is known.
        outcomes = dict(panel.import_packet_files(sorted(usb.glob("*.srp"))))
        assert len(outcomes) == 2
        texts = [o if isinstance(o, str) else o.describe() for o in outcomes.values()]
        assert any("not addressed to this agency" in t for t in texts)
        assert any("already imported" in t for t in texts)
