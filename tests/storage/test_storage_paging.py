"""Keyset paging (`after=`) gives the same pages as OFFSET for every sort, with
ties and empty columns; an officer's count adds own and shared cases once."""

from __future__ import annotations

import pytest

from screening_app.domain import Consent, DimensionResult, Outcome, OutcomeKind, Person
from screening_app.storage import CaseFilter
from screening_app.storage.cases import SORTABLE


@pytest.fixture
def many(data_dir_factory):  # type: ignore[no-untyped-def]
    made = data_dir_factory()
    with made.open("supervisor") as s:
        for n in range(5):
            shared = s.cases.create(Person(latin_name=f"Shared {n}"), Consent())
            if n % 2:
                shared.shared_with = ["officer"]
                s.cases.update(shared)
    with made.open("officer") as s:
        for n in range(23):
            case = s.cases.create(Person(latin_name=f"Name {n % 4}",
                                         nationality=None if n % 3 else "KH"), Consent())
            if n % 5 == 0:
                s.cases.add_outcome(case.id, Outcome(
                    kind=OutcomeKind.NO_INDICATORS, urgent=False, indicator_set="x",
                    rule_set="y", rule_set_version="1",
                    dimensions={"d": DimensionResult(False, [])}))
    return made


@pytest.mark.parametrize("sort", sorted(SORTABLE))
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_equal_offset_pages(many, sort: str, descending: bool) -> None:
    with many.open("officer") as s:
        whole = [c.id for c in s.cases.list(limit=1000, sort=sort, descending=descending)]
        assert len(whole) == 23 + 2
        paged: list[str] = []
        after = None
        while True:
            page = s.cases.list(limit=4, sort=sort, descending=descending, after=after)
            if not page:
                break
            paged += [c.id for c in page]
            after = page[-1]
        assert paged == whole


def test_officer_count_counts_own_and_shared_once(many) -> None:
    with many.open("officer") as s:
        assert s.cases.count() == 25 == len(s.cases.list(limit=1000))
        assert s.cases.count(CaseFilter(outcome=OutcomeKind.NO_INDICATORS)) == 5
    with many.open("supervisor") as s:
        assert s.cases.count() == 28
