"""An audit history no officer can rewrite (issue 20, finding 9): an officer who holds
the master key deletes five "view" rows and re-chains the log; `check` must notice
from the checkpoints supervisors signed. Real SQLCipher files, the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from insider_support import run

from screening_app.domain import Consent, Person
from screening_app.storage.audit import GENESIS, row_hash
from screening_app.storage.database import Database
from screening_app.storage.vault import Vault, wipe


def _officer_rewrites_history(path: Path, passphrase: str, drop_checkpoints: bool) -> None:
    """Open the database with the officer's own slot, delete every 'view' row but keep
    the chain whole: what someone with the master key and sqlite can do."""
    vault = Vault.load(path / "vault.json")
    slot = vault.slot_of("officer")
    assert slot is not None
    master = vault.open_slot(slot, passphrase)
    assert master is not None
    db = Database(path / "cases.db", master)
    wipe(master)
    conn = db.connection
    rows = conn.execute("SELECT at, user, action, case_id, detail FROM audit_log "
                        "ORDER BY id").fetchall()
    kept = [r for r in rows if r[2] != "view"]
    assert len(rows) - len(kept) == 5
    conn.execute("BEGIN")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DELETE FROM audit_log")
    prev = GENESIS
    for row_id, (at, user, action, case_id, detail) in enumerate(kept, start=1):
        digest = row_hash(prev, row_id, at, user, action, case_id, detail)
        conn.execute("INSERT INTO audit_log (id, at, user, action, case_id, detail, prev_hash, "
                     "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (row_id, at, user, action, case_id, detail, prev, digest))
        prev = digest
    if drop_checkpoints:       # the triggers are no obstacle to someone with the key
        conn.execute("DROP TRIGGER audit_checkpoints_no_delete")
        conn.execute("DELETE FROM audit_checkpoints")
    conn.execute("COMMIT")
    db.close()


def _views_then_supervisor_signs(made: Any) -> None:
    with made.open("officer") as session:
        ids = [session.cases.create(Person(given_name=f"Case {i}"),
                                    Consent(interview=True, record=True)).id for i in range(5)]
        for case_id in ids:
            session.cases.get(case_id)            # five "view" rows
    with made.open("supervisor"):
        pass                                      # an unlock signs a checkpoint


def _check(made: Any, user: str) -> tuple[int, dict[str, Any]]:
    result = run(made.path, "check", "--json", user=user, passphrase=made.passphrases[user])
    return result.returncode, json.loads(result.stdout)


def test_rewritten_audit_rows_are_found_by_check(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    _views_then_supervisor_signs(made)
    assert _check(made, "admin")[0] == 0
    _officer_rewrites_history(made.path, made.passphrases["officer"], drop_checkpoints=False)
    code, report = _check(made, "admin")
    assert code == 1 and not report["ok"], "check said intact after a rewrite"
    assert report["audit_broken_row"] is None          # the chain itself is whole again
    assert report["checkpoint_mismatch"] is not None


def test_deleted_checkpoints_are_found_by_the_supervisor(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    _views_then_supervisor_signs(made)
    _officer_rewrites_history(made.path, made.passphrases["officer"], drop_checkpoints=True)
    code, report = _check(made, "supervisor")
    assert code == 1 and not report["ok"], "check said intact after a rewrite"
    assert report["own_anchor_broken"]
    unlocked = run(made.path, "cases", "list", user="supervisor",
                   passphrase=made.passphrases["supervisor"])
    assert "audit" in unlocked.stderr.lower(), unlocked.stderr


def test_rows_after_the_latest_checkpoint_are_reported_unanchored(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    _views_then_supervisor_signs(made)
    with made.open("officer") as session:
        session.cases.create(Person(given_name="Later"), Consent(interview=True, record=True))
    code, report = _check(made, "officer")
    assert code == 0 and report["ok"]
    anchored = report["anchored_rows"]
    assert anchored > 0 and report["audit_rows"] > anchored
    text = run(made.path, "check", user="officer", passphrase=made.passphrases["officer"])
    assert "not yet signed" in text.stdout, text.stdout


def test_a_supervisors_backup_carries_a_checkpoint_they_signed(data_dir_factory: Any,
                                                               tmp_path: Path) -> None:
    from screening_app.storage.backup import write_backup

    made = data_dir_factory()
    with made.open("supervisor") as session:
        session.cases.create(Person(given_name="Before the backup"),
                             Consent(interview=True, record=True))
        write_backup(session, tmp_path / "b.zip")
        rows = session.database.query("SELECT rows, reason, user_name FROM audit_checkpoints "
                                      "ORDER BY id DESC LIMIT 1")
        assert rows[0][1:] == ("backup", "supervisor")
        assert session.check().unanchored_rows <= 1      # only the backup row itself


def test_the_unlock_window_warns_a_supervisor_whose_history_changed(
        qtbot: Any, data_dir_factory: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from screening_app.gui.unlock import UnlockView

    made = data_dir_factory()
    _views_then_supervisor_signs(made)
    _officer_rewrites_history(made.path, made.passphrases["officer"], drop_checkpoints=True)
    view = UnlockView(made.path, user="supervisor")
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.passphrase, made.passphrases["supervisor"])
    with qtbot.waitSignal(view.unlocked) as unlocked:
        qtbot.keyClick(view.passphrase, Qt.Key.Key_Return)
    try:
        boxes = [w for w in view.window().findChildren(QMessageBox) if w.isVisible()]
        assert boxes and "audit history changed" in boxes[0].text()
    finally:
        unlocked.args[0].close()
