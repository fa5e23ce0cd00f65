"""The search index keeps exactly one row per case, found by rowid (not by a scan)."""

from __future__ import annotations

from screening_app.domain import Consent, Person


def _index_rows(session) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in session.connection.execute(
        "SELECT case_id, text FROM case_search ORDER BY case_id").fetchall()]


def test_one_index_row_per_case_through_create_update_and_put(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        first = s.cases.create(Person(given_name="មុំ", family_name="សុខ",
                                      latin_name="Sok Mom"), Consent())
        second = s.cases.create(Person(latin_name="Malai Somboon"), Consent())
        first.person.latin_name = "Chan Dara"
        s.cases.update(first)
        s.cases.update(first)
        full = s.cases.get(second.id)
        s.cases.put(full)                      # REPLACE: new row, same index row
        s.cases.put(full)
        rows = _index_rows(s)
        assert sorted(case_id for case_id, _ in rows) == sorted([first.id, second.id])
        assert [c.id for c in s.cases.search("chan dara")] == [first.id]
        assert s.cases.search("Sok") == []
        assert [c.id for c in s.cases.search("somboon")] == [second.id]
        pointers = s.connection.execute(
            "SELECT count(*) FROM cases c JOIN case_search s ON s.rowid = c.search_rowid "
            "AND s.case_id = c.id").fetchone()[0]
        assert pointers == 2


def test_search_index_survives_reopen(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        case = s.cases.create(Person(given_name="小明", family_name="王"), Consent())
    with made.open("officer") as s:
        s.cases.update(_renamed(s, case.id))
        assert [c.id for c in s.cases.search("王小红")] == [case.id]
        assert s.cases.search("王小明") == []
        assert len(_index_rows(s)) == 1


def _renamed(session, case_id: str):  # type: ignore[no-untyped-def]
    case = session.cases.get(case_id)
    case.person.given_name = "小红"
    return case
