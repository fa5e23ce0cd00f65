"""The ILO dimension rule, the adult and child combination rules and set choice."""

from __future__ import annotations

import pytest

from screening_app.domain import OutcomeKind
from screening_app.screening import (
    UnknownIndicator,
    get_indicator_set,
    load_rule_set,
    score_indicators,
)
from screening_app.screening.engine import score_dimension

# Indicators of adult_labour by dimension and strength, to build exact counts.
AL = get_indicator_set("adult_labour")


def _of(dimension: str, strength: str, n: int) -> list[str]:
    found = [i for i, s in AL.dimensions[dimension].items() if s == strength]
    assert len(found) >= n, (dimension, strength)
    return found[:n]


@pytest.mark.parametrize(
    ("dimension", "strong", "medium", "weak", "positive", "reason"),
    [
        ("coercion_at_destination", 1, 0, 0, False, "not_enough"),       # 1S
        ("coercion_at_destination", 2, 0, 0, True, "strong_and_another"),  # 2S
        ("coercion_at_destination", 1, 0, 1, True, "strong_and_another"),  # 1S+1W
        ("coercion_at_destination", 1, 1, 0, True, "strong_and_another"),  # 1S+1M
        ("coercion_at_destination", 0, 3, 0, True, "medium_and_more"),     # 3M
        ("coercion_at_destination", 0, 2, 1, True, "medium_and_more"),     # 2M+1W
        ("coercion_at_destination", 0, 2, 0, False, "not_enough"),        # 2M
        ("coercion_at_destination", 0, 1, 1, False, "not_enough"),        # 1M+1W
        ("abuse_of_vulnerability_at_destination", 0, 0, 2, False, "not_enough"),  # many W
        ("recruitment_abuse_of_vulnerability", 0, 0, 2, False, "not_enough"),
        ("recruitment_abuse_of_vulnerability", 0, 1, 2, False, "not_enough"),  # 1M+2W
        ("exploitative_conditions", 0, 0, 0, False, "none"),
    ],
)
def test_dimension_rule_boundaries(dimension: str, strong: int, medium: int, weak: int,
                                   positive: bool, reason: str) -> None:
    indicators = (_of(dimension, "strong", strong) + _of(dimension, "medium", medium)
                  + _of(dimension, "weak", weak))
    result = score_dimension(AL, dimension, indicators, load_rule_set())
    assert (result.strong, result.medium, result.weak) == (strong, medium, weak)
    assert result.positive is positive
    assert result.reason == reason


RECRUIT = ["deceived_nature_of_job", "deceptive_recruitment.deceived_wages"]
CONDITIONS = ["excessive_working_days_hours", "low_or_no_salary"]
MEANS = ["coercion_at_destination.violence_on_victim",
         "coercion_at_destination.isolation_confinement_surveillance"]


@pytest.mark.parametrize(
    ("age", "indicators", "expected"),
    [
        (30, RECRUIT + CONDITIONS + MEANS, OutcomeKind.PRESUMED_VICTIM),
        (30, RECRUIT + CONDITIONS, OutcomeKind.INDICATORS_PRESENT),   # adult needs means
        (30, CONDITIONS + MEANS, OutcomeKind.INDICATORS_PRESENT),     # no recruitment
        (30, RECRUIT + MEANS, OutcomeKind.INDICATORS_PRESENT),        # no exploitation
        (15, RECRUIT + CONDITIONS, OutcomeKind.PRESUMED_VICTIM),      # child: no means
        (None, RECRUIT + CONDITIONS, OutcomeKind.PRESUMED_VICTIM),    # age unknown → child
        (15, CONDITIONS, OutcomeKind.INDICATORS_PRESENT),
        (30, [], OutcomeKind.NO_INDICATORS),
        (30, ["deceived_nature_of_job"], OutcomeKind.INDICATORS_PRESENT),
    ],
)
def test_combination_rules(age: int | None, indicators: list[str],
                           expected: OutcomeKind) -> None:
    outcome = score_indicators(age, "labour", indicators)
    assert outcome.kind is expected
    assert outcome.indicator_set == ("adult_labour" if age and age >= 18 else "child_labour")
    assert outcome.rule == ("adult_act_means_purpose" if age and age >= 18
                            else "child_act_purpose")


def test_age_in_doubt_uses_child_set() -> None:
    outcome = score_indicators(25, "labour", RECRUIT + CONDITIONS, age_in_doubt=True)
    assert outcome.indicator_set == "child_labour"
    assert outcome.kind is OutcomeKind.PRESUMED_VICTIM


def test_qualified_id_counts_in_one_dimension_only() -> None:
    bare = score_indicators(30, "labour", ["violence_on_victim"])
    assert bare.dimensions["coercive_recruitment"].indicators == ["violence_on_victim"]
    assert bare.dimensions["coercion_at_destination"].indicators == ["violence_on_victim"]
    qualified = score_indicators(30, "labour", ["coercive_recruitment.violence_on_victim"])
    assert qualified.dimensions["coercive_recruitment"].indicators == ["violence_on_victim"]
    assert qualified.dimensions["coercion_at_destination"].indicators == []


def test_unknown_indicator_is_refused_by_name() -> None:
    with pytest.raises(UnknownIndicator) as err:
        score_indicators(30, "labour", ["deceived_nature_of_job", "no_such_thing"])
    assert "no_such_thing" in str(err.value)
    with pytest.raises(UnknownIndicator):
        score_indicators(30, "labour", ["exploitative_conditions.violence_on_victim"])


def test_both_exploitations_choose_the_stronger_and_explain() -> None:
    # forced_tasks_or_clients is strong at destination in the sexual sets only (adults).
    refs = [*RECRUIT, "unprotected_sex_imposed", "no_access_to_health_care",
            "low_or_no_salary", "forced_tasks_or_clients", "threats_of_violence"]
    outcome = score_indicators(30, "both", refs)
    assert outcome.indicator_set == "adult_sexual"
    assert outcome.kind is OutcomeKind.PRESUMED_VICTIM
    compared = outcome.extra["sets_evaluated"]
    assert set(compared) == {"adult_labour", "adult_sexual"}
    assert compared["adult_labour"]["outcome"] == "indicators_present"
    assert outcome.provisional


def test_outcome_records_versions_and_provisional_status() -> None:
    outcome = score_indicators(30, "labour", RECRUIT)
    assert outcome.rule_set == "ilo_2009_default" and outcome.rule_set_version == "1.0"
    assert outcome.extra["indicator_set_version"] == "2009.1"
    assert outcome.extra["indicator_set_status"] == "unverified"
    assert outcome.provisional is True
    data = outcome.to_dict()
    assert {"outcome", "urgent", "indicator_set", "rule_set", "dimensions"} <= set(data)
