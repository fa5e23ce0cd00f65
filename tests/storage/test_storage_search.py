"""Search by any part of a name in every script, with and without diacritics."""

from __future__ import annotations

import pytest

from screening_app.domain import CaseStatus, Consent, Person
from screening_app.storage import CaseFilter
from screening_app.storage.search import fold

PEOPLE = {
    "km": Person(family_name="សុខ", given_name="ស្រីមុំ", latin_name="Sok Sreymom"),
    "th": Person(family_name="สมบูรณ์", given_name="มาลัย", latin_name="Malai Somboon"),
    "lo": Person(family_name="ພົມມະວົງ", given_name="ບຸນມີ", latin_name="Bounmy Phommavong"),
    "my": Person(family_name="", given_name="အောင်ကျော်မင်း", latin_name="Aung Kyaw Min"),
    "zh": Person(family_name="王", given_name="小明", latin_name="Wang Xiaoming"),
    "vi": Person(family_name="Nguyễn", given_name="Thị Đào", latin_name="Nguyen Thi Dao"),
    "en": Person(family_name="", given_name="", latin_name="Maria O'Brien"),
}


@pytest.fixture
def ids(session) -> dict[str, str]:
    return {key: session.cases.create(p, Consent()).id for key, p in PEOPLE.items()}


@pytest.mark.parametrize(("query", "who"), [
    ("ស្រីមុំ", "km"), ("សុខ", "km"), ("ីមុ", "km"),
    ("มาลัย", "th"), ("บูรณ", "th"),
    ("ບຸນມີ", "lo"), ("ມະວົງ", "lo"),
    ("ကျော်", "my"), ("အောင်", "my"),
    ("小明", "zh"), ("王小", "zh"), ("明", "zh"), ("王", "zh"),
    ("Nguyễn", "vi"), ("nguyen", "vi"), ("NGUYEN", "vi"), ("Đào", "vi"), ("dao", "vi"),
    ("thi dao", "vi"), ("Thị", "vi"),
    ("brien", "en"), ("o'bri", "en"), ("Xiaoming", "zh"), ("sreymom", "km"),
    ("kyaw min", "my"),
])
def test_search_finds_part_of_a_name(session, ids, query: str, who: str) -> None:
    found = [c.id for c in session.cases.search(query)]
    assert found == [ids[who]], query


def test_search_by_reference_and_no_false_hits(session, ids) -> None:
    case = session.cases.get(ids["th"])
    assert [c.id for c in session.cases.search(case.reference)] == [ids["th"]]
    assert [c.id for c in session.cases.search(case.reference.lower()[-6:])] == [ids["th"]]
    assert session.cases.search("zzzz") == []
    assert session.cases.search('"""') == []                     # no FTS syntax errors
    assert session.cases.search("AND OR NOT *") == []
    assert session.cases.search("%%%") == [] and session.cases.search("___") == []
    assert len(session.cases.search("")) == len(PEOPLE)
    # one or two punctuation marks alone narrow nothing: the whole list, as for ""
    assert len(session.cases.search('"')) == len(session.cases.search("%")) == len(PEOPLE)


def test_search_follows_updates_and_filters(session, ids) -> None:
    case = session.cases.get(ids["vi"])
    case.person.given_name = "Văn Hùng"
    case.person.latin_name = "Nguyen Van Hung"
    case.status = CaseStatus.CLOSED
    session.cases.update(case)
    assert session.cases.search("Đào") == []                      # old native name gone
    assert [c.id for c in session.cases.search("hung")] == [ids["vi"]]
    assert session.cases.search("hung", filters=CaseFilter(status=CaseStatus.ACTIVE)) == []


def test_fold_keeps_other_scripts_intact() -> None:
    assert fold("Nguyễn Thị ĐÀO") == "nguyen thi dao"
    assert fold("ស្រីមុំ") == "ស្រីមុំ"
    assert fold("มาลัย") == "มาลัย"
    assert fold("ບຸນມີ") == "ບຸນມີ"
    assert fold("အောင်") == "အောင်"


def test_short_terms_use_whole_substrings(session) -> None:
    le = session.cases.create(Person(family_name="Lê", given_name="Thị Hồng",
                                     latin_name="Le Thi Hong"), Consent()).id
    alex = session.cases.create(Person(latin_name="Alex Morgan"), Consent()).id
    assert {c.id for c in session.cases.search("Lê")} == {le, alex}     # "le" in "alex" too
    assert [c.id for c in session.cases.search("ồn")] == [le]
    assert [c.id for c in session.cases.search("ex mo")] == [alex]       # two short terms
    assert [c.id for c in session.cases.search("le hong")] == [le]       # short + long


def test_search_index_is_rebuilt_when_its_rules_change(data_dir_factory) -> None:
    made = data_dir_factory()
    with made.open("officer") as s:
        case_id = s.cases.create(PEOPLE["zh"], Consent()).id
        with s.transaction() as cur:
            cur.execute("UPDATE meta SET value = '0' WHERE key = 'search_index'")
            cur.execute("DELETE FROM case_search")
            cur.execute("DELETE FROM case_grams")
        assert s.cases.search("小明") == []
    with made.open("officer") as s:
        assert [c.id for c in s.cases.search("小明")] == [case_id]
        assert [c.id for c in s.cases.search("wang")] == [case_id]


def test_index_keeps_one_entry_per_case(session, ids) -> None:
    for _ in range(3):
        case = session.cases.get(ids["th"])
        case.person.given_name += "x"
        session.cases.update(case)
        session.cases.put(session.cases.get(ids["lo"]))
    conn = session.connection
    total = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM case_search").fetchone()[0] == total
    assert conn.execute("SELECT count(DISTINCT search_rowid) FROM cases").fetchone()[0] == total
    assert [c.id for c in session.cases.search("มาลัยxxx")] == [ids["th"]]
    assert [c.id for c in session.cases.search("ບຸນມີ")] == [ids["lo"]]


def test_both_search_plans_give_the_same_answers(session, ids) -> None:
    queries = ["ស្រីមុំ", "มาลัย", "小明", "明", "Nguyễn", "dao", "o'bri", "le", "a", "KH"]
    results = {}
    for walk_above in (10**9, 0):          # look hits up / walk the newest cases
        session.cases.search_walk_above = walk_above
        results[walk_above] = [[c.id for c in session.cases.search(q, limit=3)]
                               for q in queries]
    assert results[0] == results[10**9]
    assert results[0][queries.index("KH")] == [ids["en"], ids["vi"], ids["zh"]]
