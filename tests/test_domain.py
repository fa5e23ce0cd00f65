from datetime import date

from screening_app.domain import (
    Answer,
    Case,
    Consent,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
    uuid7,
)
from screening_app.domain.models import DimensionResult


def test_uuid7_is_version_7_and_sorts_by_time() -> None:
    a, b = uuid7(1_000), uuid7(2_000)
    assert a.version == 7 and b.version == 7
    assert str(a) < str(b)


def test_presumption_of_minority() -> None:
    today = date(2026, 11, 22)
    assert Person().is_presumed_child(today)                        # age unknown
    assert Person(estimated_age=16).is_presumed_child(today)
    assert Person(estimated_age=25, age_in_doubt=True).is_presumed_child(today)
    assert not Person(estimated_age=25).is_presumed_child(today)
    assert Person(birth_date=date(2009, 1, 1)).is_presumed_child(today)


def test_case_round_trips_through_dict() -> None:
    case = Case(id=str(uuid7()), reference="KH-PP-01-000001", created_by="dara")
    case.person = Person(given_name="ដារ៉ា", family_name="សុខ", latin_name="Sok Dara",
                         gender=Gender.FEMALE, nationality="KH", languages=["km"])
    case.consent = Consent(interview=True, record=True, share_for_referral=False)
    case.answers["q1"] = Answer("q1", "yes")
    case.outcomes.append(Outcome(OutcomeKind.PRESUMED_VICTIM, False, "adult_labour", "ilo", "1",
                                 {"exploitative_conditions": DimensionResult(True, ["x"])}))
    again = Case.from_dict(case.to_dict())
    assert again == case
    assert not again.consent.may_refer
