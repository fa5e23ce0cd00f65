"""Settings → Sync and the top bar with a live relay: the address is checked and
kept, "Sync now" runs in the background with progress, the top bar says when the
last sync succeeded and what waits in the outbox, an unreachable relay is said in
the officer's language with nothing lost, a partner's rotated key card followed in
the background shows on the Exchange page, and locking during a sync is safe."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("pytestqt")

from exchange_installations import SHELTER_ID, Installation, new_case
from gui_support import prepared_app, screenshot, type_text
from PySide6.QtCore import Qt
from relay_harness import RelayProcess, free_port

from screening_app.exchange.exporter import export_case
from screening_app.exchange.relay_sync import relay_url, sync_relay
from screening_app.exchange.rotation import rotate_agency_keys
from screening_app.gui.main_window import MainWindow
from screening_app.gui.settings import apply_text_size
from screening_app.gui.sync_status import SyncStatusWidget
from screening_app.i18n import set_language, translate

Inst = Installation


@pytest.fixture
def window(qtbot: Any, pair: tuple[Inst, Inst]) -> Any:
    prepared_app()
    police = pair[0]
    win = MainWindow(police.made.path)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    view = win.unlock_view
    view.user.setCurrentText("officer")
    type_text(view.passphrase, police.made.passphrases["officer"])
    qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    assert win.session is not None
    yield win
    win.close()
    set_language("en")
    apply_text_size(100)


def done(qtbot: Any, win: Any) -> None:
    """Wait until the background sync ended and its outcome was shown."""
    sync = win.workspace.relay_sync
    qtbot.waitUntil(lambda: not sync.running and sync.progress is None, timeout=60_000)


def set_address(qtbot: Any, box: Any, url: str) -> None:
    box.address.clear()
    type_text(box.address, url)
    qtbot.keyClick(box.address, Qt.Key.Key_Return)


def test_sync_now_from_settings_and_the_top_bar(qtbot: Any, window: Any, pair: tuple[Inst, Inst],
                                                relay: RelayProcess, artifacts_dir: Any) -> None:
    win, shelter = window, pair[1]
    case_id = new_case(win.session)
    export_case(win.session, case_id, SHELTER_ID)
    win.workspace.show_settings()
    box = win.workspace.settings.sync_box
    bar_line = win.workspace.findChildren(SyncStatusWidget)[0]
    assert box.isVisible() and not bar_line.label.isVisible()  # no relay yet: nothing shown

    set_address(qtbot, box, "relay dot example")
    assert "not a relay address" in box.problem.text()
    assert relay_url(win.session) is None
    set_address(qtbot, box, relay.url + "/")
    assert box.problem.text() == "" and relay_url(win.session) == relay.url

    progress: list[tuple[int, int]] = []
    win.workspace.relay_sync.progressed.connect(lambda d, t, _w: progress.append((d, t)))
    qtbot.mouseClick(box.sync_button, Qt.MouseButton.LeftButton)
    assert win.workspace.relay_sync.running and not box.sync_button.isEnabled()
    done(qtbot, win)
    assert "1 packet sent" in box.state.text()
    assert progress and progress[-1][0] == progress[-1][1] == 1
    assert bar_line.label.isVisible() and "0 waiting in the outbox" in bar_line.label.full_text
    assert bar_line.label.full_text.startswith("Synced ")
    screenshot(win, artifacts_dir, "relay-settings-synced")

    # The shelter syncs (headless); our next background sync brings the receipt.
    with shelter.open() as session:
        assert sync_relay(session, relay.url).copied == 1
    assert win.workspace.relay_sync.sync_now()
    done(qtbot, win)
    assert "1 imported" in box.state.text()
    assert win.session.cases.get(case_id).referrals[0].status.value == "received"

    # The shelter rotates its keys; the Exchange page, open meanwhile, shows the
    # new card once a background sync followed it.
    with shelter.made.open("admin") as session:
        rotated = rotate_agency_keys(session)
        assert rotated is not None
    with shelter.open() as session:
        sync_relay(session, relay.url)
    win.workspace.show_exchange()
    page = win.workspace.exchange
    assert win.workspace.relay_sync.sync_now()
    done(qtbot, win)
    shown = next(e for e in page.entries if e.agency.id == SHELTER_ID)
    assert shown.card is not None and shown.card.fingerprint == rotated.new_fingerprint
    assert shown.state == "verified"


def test_an_unreachable_relay_in_the_officers_language(qtbot: Any, window: Any,
                                                       pair: tuple[Inst, Inst],
                                                       artifacts_dir: Any) -> None:
    win = window
    case_id = new_case(win.session)
    export_case(win.session, case_id, SHELTER_ID)
    win.workspace.show_settings()
    box = win.workspace.settings.sync_box
    set_address(qtbot, box, f"http://127.0.0.1:{free_port()}")
    set_language("km")
    qtbot.mouseClick(box.sync_button, Qt.MouseButton.LeftButton)
    done(qtbot, win)
    line = win.workspace.findChildren(SyncStatusWidget)[0]
    qtbot.waitUntil(lambda: translate("Relay not reachable", "km") in line.label.full_text,
                    timeout=5_000)
    assert translate("Relay not reachable", "km") != "Relay not reachable"
    assert translate("{count} waiting in the outbox", "km").format(count=1) in line.label.full_text
    assert line.label.toolTip() == translate(
        "The relay cannot be reached. Nothing is lost: packets stay in the outbox and go at "
        "the next sync.", "km")
    assert win.session.database.query(
        "SELECT state FROM exchange_outbox")[0][0] == "queued"       # nothing lost
    screenshot(win, artifacts_dir, "relay-unreachable-km")

    # Burmese at 200 % text: the bar still fits 1366 px (its places wrap); the sync
    # line has a line of its own under them and shortens itself only if it must.
    from test_gui_accessibility import clipped

    set_language("my")
    win.workspace.settings.text_size.setValue(200)
    assert win.workspace.minimumSizeHint().width() <= 1366
    assert not clipped(win.workspace), clipped(win.workspace)
    assert line.label.toolTip()
    shown = line.label.text()
    assert shown == line.label.full_text or (shown.endswith("…")
                                             and line.width() >= win.workspace.width() // 2)
    screenshot(win, artifacts_dir, "relay-unreachable-my-200")


def test_locking_during_a_sync_is_safe(qtbot: Any, window: Any, pair: tuple[Inst, Inst],
                                       relay: RelayProcess) -> None:
    win, police = window, pair[0]
    for _i in range(30):
        export_case(win.session, new_case(win.session), SHELTER_ID, with_pdf=False)
    win.workspace.show_settings()
    box = win.workspace.settings.sync_box
    set_address(qtbot, box, relay.url)
    sync = win.workspace.relay_sync
    qtbot.waitUntil(lambda: sync.sync_now() or sync.running, timeout=5_000)
    qtbot.waitUntil(lambda: (sync.progress or (0, 0))[0] >= 3, timeout=60_000)
    win.panic_lock()
    assert win.session is None and not sync.configured and sync.progress is None
    sync.wait()
    with police.open() as session:     # nothing half-done: every packet queued or sent
        states = [r[0] for r in session.database.query("SELECT state FROM exchange_outbox")]
        assert len(states) == 30 and set(states) <= {"queued", "copied"}
        assert "copied" in states


def test_an_expired_packet_is_said_in_the_top_bar(qtbot: Any, window: Any, relay_db: str
                                                  ) -> None:
    win = window
    relay = RelayProcess(relay_db, "--expire-days", str(2 / 86400), "--sweep-seconds", "0.5")
    try:
        export_case(win.session, new_case(win.session), SHELTER_ID)
        win.workspace.show_settings()
        box = win.workspace.settings.sync_box
        set_address(qtbot, box, relay.url)
        assert win.workspace.relay_sync.sync_now()
        done(qtbot, win)
        qtbot.wait(3500)                # nobody fetches it: it expires on the relay
        assert win.workspace.relay_sync.sync_now()
        done(qtbot, win)
    finally:
        relay.stop()
    line = win.workspace.findChildren(SyncStatusWidget)[0]
    assert "1 not delivered" in line.label.full_text
    assert "expired on the relay" in line.label.toolTip()
    assert "expired on the relay" in box.state.text()
