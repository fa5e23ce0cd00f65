"""A fixed referral case and two agencies, for printing referral forms in tests
and benchmarks: the same person, outcome and dates every time, so a rendered page
can be read back and compared. Every person and agency here is made up."""

from __future__ import annotations

from datetime import UTC, date, datetime

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Case,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
)
from screening_app.samples.people import PEOPLE

TODAY = date(2026, 3, 14)


def sample_case(lang: str = "km", *, share: bool = True, officer: str = "th",
                note: str = "", reference: str = "TH-MSK-03-0042") -> Case:
    """A presumed adult victim of labour exploitation with urgent needs, who speaks
    `lang` (see people.PEOPLE), interviewed by an officer working in `officer`."""
    family, given, latin, country, _sentence = PEOPLE[lang]
    outcome = Outcome(
        kind=OutcomeKind.PRESUMED_VICTIM, urgent=True, indicator_set="adult_labour",
        rule_set="ilo-2009-working", rule_set_version="0.1",
        dimensions={
            "deceptive_recruitment": DimensionResult(
                True, ["deceived_about_wages", "deceived_about_nature_of_job"], strong=2),
            "exploitative_conditions": DimensionResult(True, ["excessive_working_days_hours"],
                                                       strong=1, medium=1),
            "coercion_at_destination": DimensionResult(False, [], 0),
        },
        urgent_reasons=["urgent_medical"],
        computed_at=datetime(2026, 3, 14, 9, 30, tzinfo=UTC),
    )
    return Case(
        id="01900000-0000-7000-8000-000000000001",
        reference=reference,
        created_by="officer1",
        person=Person(given_name=given, family_name=family, latin_name=latin,
                      gender=Gender.FEMALE, nationality=country, birth_date=date(1999, 5, 2),
                      languages=[lang], phone="+66812345678"),
        consent=Consent(interview=True, record=True, share_for_referral=share,
                        how=ConsentMethod.WRITTEN, interpreter_used=True,
                        interpreter_language=lang,
                        given_at=datetime(2026, 3, 14, 9, 0, tzinfo=UTC)),
        officer_language=officer,
        form_id="identification",
        form_version="1.0",
        interviewee_language=lang,
        outcomes=[outcome],
        note=note,
    )


def sender(language: str = "th") -> Agency:
    return Agency(id="ag-th-01", name="Anti-Trafficking Division, Mae Sot",
                  type=AgencyType.LAW_ENFORCEMENT, country="TH",
                  names={"th": "กองบังคับการปราบปรามการค้ามนุษย์ แม่สอด"},
                  phone="+66 55 123 456", email="atd@example.org", language=language)


def recipient(lang: str = "km") -> Agency:
    names = {"km": "ក្រសួងសង្គមកិច្ច", "lo": "ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ",
             "my": "လူမှုဝန်ထမ်းဦးစီးဌာန", "zh_Hans": "民政部救助中心",
             "vi": "Trung tâm Bảo trợ Xã hội", "th": "บ้านพักเด็กและครอบครัว",
             "en": "Social Welfare Centre"}
    country = PEOPLE[lang][3] if lang != "en" else "TH"
    return Agency(id=f"ag-{lang}", name="Social Welfare Centre",
                  type=AgencyType.LOCAL_GOVERNMENT, service=AgencyService.SHELTER,
                  country=country, names={lang: names[lang]},
                  address="12 Example Road", phone="+855 23 000 000", language=lang)
