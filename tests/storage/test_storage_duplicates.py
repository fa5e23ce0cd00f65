"""The duplicate index in the encrypted database: candidates appear when a
profile is saved, in any script; supervisors link or dismiss (audited, never a
merge); officers are never shown cases they may not see."""

from __future__ import annotations

from typing import Any

import pytest

from screening_app.domain import Consent, Gender, Person
from screening_app.errors import Refused
from screening_app.storage.duplicates import Duplicates

CONSENT = Consent(interview=True, record=True, share_for_referral=True)


def _khmer() -> Person:
    return Person(family_name="សុខ", given_name="ចាន់ថា", gender=Gender.FEMALE,
                  nationality="KH", estimated_age=16)


def _thai() -> Person:
    return Person(family_name="โสก", given_name="จันทา", gender=Gender.FEMALE,
                  nationality="KH", estimated_age=17)


def test_saved_profiles_meet_across_scripts_and_supervisor_decides(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("supervisor") as session:
        a = session.cases.create(_khmer(), CONSENT)
        other = session.cases.create(Person(latin_name="Nguyen Van Minh", gender=Gender.MALE,
                                            nationality="VN", estimated_age=30), CONSENT)
        b = session.cases.create(Person(), CONSENT)           # no name yet: no candidate
        dup = Duplicates(session)
        assert dup.for_case(b.id) == []
        b.person = _thai()
        session.cases.update(b)                               # the profile is saved
        found = dup.for_case(b.id)
        assert [c.other_id for c in found] == [a.id]
        assert found[0].other_reference == a.reference and found[0].score > 0.9
        assert [r.code for r in found[0].match.reasons][:2] == ["name_sound", "ages"]
        assert dup.marked([a.id, b.id, other.id]) == {a.id, b.id}
        assert dup.stored_references(b.id) == [a.reference]     # as stored, not rescored
        assert dup.stored_references(other.id) == []
        assert [(p.case_id, p.other_id) for p in dup.pairs()] == [tuple(sorted((a.id, b.id)))]
        dup.decide(a.id, b.id, same=True)
        assert dup.marked([a.id, b.id]) == set()             # decided: no marker
        assert [x[0] for x in dup.linked(b.id)] == [a.id]
        assert session.cases.get(a.id).person == _khmer()    # nothing merged
        assert dup.for_case(a.id)[0].decision == "same"
        dup.decide(a.id, b.id, same=False)                    # a decision can be changed
        assert dup.linked(a.id) == []
        actions = [e["action"] for e in session.audit.entries(a.id, limit=20)]
        assert {"duplicate_link", "duplicate_dismiss"} <= set(actions)
        assert session.check().ok


def test_officers_see_only_their_cases_and_cannot_decide(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("supervisor") as session:
        theirs = session.cases.create(_khmer(), CONSENT)
    with made.open("officer") as session:
        mine = session.cases.create(_thai(), CONSENT)
        dup = Duplicates(session)
        assert dup.for_case(mine.id) == []
        assert dup.marked([mine.id]) == set() and dup.pairs() == []
        assert dup.stored_references(mine.id) == []          # theirs is not named
        with pytest.raises(Refused):
            dup.decide(mine.id, theirs.id, same=True)
    with made.open("supervisor") as session:
        assert [c.other_id for c in Duplicates(session).for_case(theirs.id)] == [mine.id]
        assert Duplicates(session).stored_references(theirs.id) == [
            session.cases.get(mine.id).reference]


def test_index_is_rebuilt_at_unlock_when_missing(data_dir_factory: Any) -> None:
    made = data_dir_factory()
    with made.open("supervisor") as session:
        a = session.cases.create(_khmer(), CONSENT)
        b = session.cases.create(_thai(), CONSENT)
        with session.transaction() as cur:
            for table in ("dup_people", "dup_keys", "dup_pairs"):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("DELETE FROM meta WHERE key = 'duplicate_index'")
        assert Duplicates(session).for_case(a.id) == []
    with made.open("supervisor") as session:
        assert [c.other_id for c in Duplicates(session).for_case(a.id)] == [b.id]
