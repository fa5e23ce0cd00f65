"""The audit log is append-only and hash-chained; check finds the first broken row."""

from __future__ import annotations

import pytest

from screening_app.domain import Answer, Consent, Person


def _busy(session) -> str:
    case = session.cases.create(Person(given_name="Audit"), Consent(interview=True))
    session.cases.save_answer(case.id, Answer("q1", True))
    session.cases.get(case.id)
    return case.id


def test_chain_is_whole_after_normal_work(session) -> None:
    case_id = _busy(session)
    report = session.check()
    assert report.ok, report
    actions = [e["action"] for e in session.audit.entries(case_id)]
    assert actions == ["view", "update", "create"]
    assert all(e["user"] == "officer" for e in session.audit.entries(case_id))


def test_update_and_delete_are_refused_by_the_database(session) -> None:
    _busy(session)
    with pytest.raises(Exception, match="append-only"):
        session.connection.execute("UPDATE audit_log SET user = 'x' WHERE id = 1")
    with pytest.raises(Exception, match="append-only"):
        session.connection.execute("DELETE FROM audit_log WHERE id = 1")


@pytest.mark.parametrize("column", ["user", "action", "detail", "at"])
def test_tampering_with_one_row_is_found(session, column: str) -> None:
    _busy(session)
    total = session.check().audit_rows
    victim = total - 2
    # someone with the key drops the trigger and edits a row
    session.connection.execute("DROP TRIGGER audit_log_no_update")
    session.connection.execute(
        f"UPDATE audit_log SET {column} = {column} || 'x' WHERE id = ?", (victim,))
    report = session.check()
    assert not report.ok and report.audit_broken_row == victim


def test_deleting_a_middle_row_is_found(session) -> None:
    _busy(session)
    session.connection.execute("DROP TRIGGER audit_log_no_delete")
    session.connection.execute("DELETE FROM audit_log WHERE id = 3")
    assert session.check().audit_broken_row == 4


def test_detail_keeps_scalars_only(session) -> None:
    row = session.audit.record("export", None, {"n": 1, "nested": {"name": "secret"},
                                                "ids": ["a", {"x": 1}]})
    entry = session.audit.entries(limit=1)[0]
    assert entry["id"] == row and entry["detail"] == {"n": 1, "nested": "dict", "ids": ["a"]}
    assert session.check().ok


def test_check_finds_a_damaged_page(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        for n in range(30):
            s.cases.create(Person(given_name=f"Page filler {n}", latin_name="x" * 200),
                           Consent())
    db = made.path / "cases.db"
    data = bytearray(db.read_bytes())
    page = 4096
    last_page = len(data) // page - 1
    data[last_page * page + 100] ^= 0xFF          # one bit pattern in the last page
    db.write_bytes(bytes(data))
    with made.open("officer") as s:
        report = s.check()
    assert not report.ok
    assert report.cipher_integrity, report          # the page whose HMAC fails is named
