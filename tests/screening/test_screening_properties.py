"""Properties of the rules that must hold for any list of indicators (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from screening_app.screening import get_indicator_set, load_indicator_sets, score_indicators

SETS = load_indicator_sets()
ALL_REFS = sorted({f"{d}.{i}" for s in SETS.values() for d, inds in s.dimensions.items()
                   for i in inds} | {i for s in SETS.values() for i in s.indicators()})
refs = st.lists(st.sampled_from(ALL_REFS), max_size=12, unique=True)
ages = st.one_of(st.none(), st.integers(min_value=0, max_value=90))
exploitations = st.sampled_from(["labour", "sexual", "both"])


@settings(max_examples=150, deadline=None)
@given(ages, exploitations, refs, st.sampled_from(ALL_REFS))
def test_adding_an_indicator_never_lowers_the_outcome(age: int | None, exploitation: str,
                                                      indicators: list[str], extra: str) -> None:
    before = score_indicators(age, exploitation, indicators)
    after = score_indicators(age, exploitation, [*indicators, extra])
    assert after.kind.rank >= before.kind.rank
    for dim, result in before.dimensions.items():
        if result.positive and after.indicator_set == before.indicator_set:
            assert after.dimensions[dim].positive


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=17), st.sampled_from(["labour", "sexual"]), refs)
def test_a_child_never_needs_a_means_dimension(age: int, exploitation: str,
                                               indicators: list[str]) -> None:
    outcome = score_indicators(age, exploitation, indicators)
    d = outcome.dimensions
    recruitment = (d["deceptive_recruitment"].positive or d["coercive_recruitment"].positive
                   or d["recruitment_abuse_of_vulnerability"].positive)
    expected = recruitment and d["exploitative_conditions"].positive
    assert (outcome.kind.value == "presumed_victim") == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(SETS)), st.data())
def test_weak_indicators_alone_never_make_a_dimension_positive(set_id: str,
                                                               data: st.DataObject) -> None:
    s = get_indicator_set(set_id)
    weak = [f"{d}.{i}" for d, inds in s.dimensions.items() for i, st_ in inds.items()
            if st_ == "weak"]
    chosen = data.draw(st.lists(st.sampled_from(weak), unique=True) if weak else st.just([]))
    age = 30 if s.population == "adult" else 10
    outcome = score_indicators(age, s.exploitation, chosen)
    assert not any(r.positive for r in outcome.dimensions.values())


@settings(max_examples=60, deadline=None)
@given(ages, exploitations, refs)
def test_results_are_deterministic_and_order_free(age: int | None, exploitation: str,
                                                  indicators: list[str]) -> None:
    a = score_indicators(age, exploitation, indicators).to_dict()
    b = score_indicators(age, exploitation, list(reversed(indicators))).to_dict()
    a.pop("computed_at")
    b.pop("computed_at")
    assert a == b
