"""Synthetic cases for the statistics tests, full of canaries: names in several
scripts, phone numbers, addresses, exact birth dates, free-text answers, places,
notes, override reasons and referral details that must never leave the device."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

from screening_app.domain import (
    Answer,
    Case,
    CaseStatus,
    Consent,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Person,
    Referral,
    ReferralReason,
    ReferralStatus,
)
from screening_app.domain.ids import new_case_id
from screening_app.screening import QuestionType, evaluate_interview, load_form

CANARY_NAMES = ["ZzCanaryGiven", "ZzCanaryFamily", "សុខកាណារី", "กานารีไทย", "金丝雀名"]
CANARY_PHONE = "+85598765432"
CANARY_ADDRESS = "ZzCanary Street 99"
CANARY_BIRTH = date(1991, 7, 23)
CANARY_TEXT = "ZzCanaryFreeText"
CANARY_PLACE = "ZzCanaryTown"
CANARY_NOTE = "ZzCanaryNote"
CANARY_REASON = "ZzCanaryOverride"
CANARY_DETAILS = "ZzCanaryDetails"
CANARIES = [*CANARY_NAMES, CANARY_PHONE, "98765432", CANARY_ADDRESS, CANARY_BIRTH.isoformat(),
            "23/07/1991", CANARY_TEXT, CANARY_PLACE, CANARY_NOTE, CANARY_REASON,
            CANARY_DETAILS, "la-canary-agency", "th-canary-shelter"]


def form_answers(rng: random.Random, version: str = "1.0") -> dict[str, Any]:
    """Answers to every question of identification `version`, canaries in the text."""
    form = load_form("identification", version)
    answers: dict[str, Any] = {"consent_interview": "yes", "consent_record": "yes",
                               "consent_share": "yes"}
    for q in form.questions():
        if q.id in answers:
            continue
        options = [o.value for o in q.options]
        if q.type is QuestionType.YES_NO:
            answers[q.id] = rng.choice(["yes", "no"])
        elif q.type is QuestionType.SINGLE:
            answers[q.id] = rng.choice(options)
        elif q.type is QuestionType.MULTIPLE:
            answers[q.id] = rng.sample(options, 2)
        elif q.type is QuestionType.TEXT:
            answers[q.id] = f"{CANARY_TEXT} {q.id}"
        elif q.type is QuestionType.REPEAT:
            answers[q.id] = [{"stage": "recruitment", "country": "KH", "place": CANARY_PLACE,
                              "date": CANARY_BIRTH.isoformat()},
                             {"stage": "exploitation", "country": "TH", "place": CANARY_PLACE}]
        elif q.type is QuestionType.DATE_OR_AGE:
            answers[q.id] = {"date": CANARY_BIRTH.isoformat()}
        elif q.type is QuestionType.COUNTRY:
            answers[q.id] = ["KH"] if q.multiple else "KH"
        elif q.type is QuestionType.LANGUAGE:
            answers[q.id] = ["km"] if q.multiple else "km"
        elif q.type is QuestionType.NUMBER:
            answers[q.id] = 14
        elif q.type is QuestionType.DATE:
            answers[q.id] = CANARY_BIRTH.isoformat()
    return answers


def canary_case(n: int, rng: random.Random, created: datetime, officer: str = "officer"
                ) -> Case:
    answers = form_answers(rng)
    outcome = evaluate_interview(load_form("identification", "1.0"), answers, created.date())
    case = Case(
        id=new_case_id(), reference=f"KH-CAN-01-{n:06d}", created_by=officer,
        created_at=created, updated_at=created, status=CaseStatus.ACTIVE,
        person=Person(given_name=CANARY_NAMES[n % 5], family_name=CANARY_NAMES[(n + 1) % 5],
                      latin_name="Zz Canary Latin",
                      gender=[Gender.FEMININE, Gender.MASCULINE][n % 2],
                      citizenship=["KH"], birth_date=CANARY_BIRTH, languages=["km"],
                      phone=CANARY_PHONE, address=CANARY_ADDRESS),
        consent=Consent(interview=True, record=True, share_for_referral=True),
        form_id="identification", form_version="1.0", draft=False, note=CANARY_NOTE)
    case.answers = {q: Answer(q, v, answered_at=created, answered_by=officer)
                    for q, v in answers.items()}
    case.outcomes = [outcome]
    other = next(k for k in type(outcome.kind) if k is not outcome.kind)
    case.decision = OfficerDecision(outcome.kind, other if n % 4 == 0 else outcome.kind,
                                    CANARY_REASON if n % 4 == 0 else None, officer, created)
    if n % 2:
        case.referrals = [Referral(id=f"ref-{n}", case_id=case.id, agency_id="th-canary-shelter",
                                   languages=["km", "th"], status=ReferralStatus.EXPORTED,
                                   created_at=created, reason=ReferralReason.ADDITIONAL_SERVICES,
                                   details=CANARY_DETAILS)]
    if n % 5 == 0:
        case.incoming_referral = IncomingReferral("la-canary-agency", created.date(),
                                                  ReferralReason.OTHER, CANARY_DETAILS)
    return case


def put_cases(session: Any, count: int, seed: int = 3) -> list[Case]:
    rng = random.Random(seed)
    out = []
    with session.transaction():
        for n in range(count):
            created = datetime(2025, 1 + n % 3, 1 + n % 27, 10, tzinfo=UTC)
            case = canary_case(n, rng, created)
            session.cases.put(case)
            out.append(case)
    return out
