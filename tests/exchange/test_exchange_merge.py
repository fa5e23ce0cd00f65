"""Three-way merge of a case update: taken, kept, and conflicts made visible."""

from __future__ import annotations

import copy

from exchange_parties import sample_case

from screening_app.domain import Answer
from screening_app.exchange.merge import three_way


def test_each_side_keeps_its_own_changes() -> None:
    base = sample_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.person.phone = "+66991301300"
    theirs.person.address = "Poipet"
    theirs.answers["q2"] = Answer("q2", "debt")
    result = three_way(base, ours, theirs)
    assert result.case.person.phone == "+66991301300"
    assert result.case.person.address == "Poipet"
    assert result.case.answers["q2"].value == "debt"
    assert result.conflicts == []
    assert sorted(result.taken) == ["answers.q2", "person.address"]


def test_same_field_changed_on_both_sides_is_a_conflict() -> None:
    base = sample_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.person.estimated_age = 16
    theirs.person.estimated_age = 19
    result = three_way(base, ours, theirs)
    assert result.case.person.estimated_age == 16            # ours kept, never overwritten
    assert [(c.field, c.base, c.ours, c.theirs) for c in result.conflicts] == [
        ("person.estimated_age", 17, 16, 19)]


def test_same_change_on_both_sides_is_no_conflict() -> None:
    base = sample_case()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.note = theirs.note = "seen by doctor"
    result = three_way(base, ours, theirs)
    assert result.conflicts == [] and result.case.note == "seen by doctor"
