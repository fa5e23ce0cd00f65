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


def test_migration_rebuilds_an_index_made_without_pointers(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        ids = [s.cases.create(Person(latin_name=f"Person {n} Dara"), Consent()).id
               for n in range(3)]
        # back to the first schema: no pointer column, index rows in any order
        with s.transaction() as cur:
            cur.execute("DELETE FROM schema_migrations WHERE component = 'core' "
                        "AND version IN (2, 3)")
            cur.execute("DROP INDEX cases_search_row")
            cur.execute("ALTER TABLE cases DROP COLUMN search_rowid")
            cur.execute("DELETE FROM case_search")
            for case_id in reversed(ids):
                cur.execute("INSERT INTO case_search (case_id, text) SELECT id, search_text "
                            "FROM cases WHERE id = ?", (case_id,))
    with made.open("officer") as s:       # migrations 2 and 3 run here
        assert len(_index_rows(s)) == 3
        assert {c.id for c in s.cases.search("dara")} == set(ids)
        renamed = s.cases.get(ids[0])
        renamed.person.latin_name = "Malai"
        s.cases.update(renamed)
        assert {c.id for c in s.cases.search("dara")} == set(ids[1:])
        assert len(_index_rows(s)) == 3
