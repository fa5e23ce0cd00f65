"""Cases that together use every value of every closed list the program writes in
HTCDS terms, and every option of every question of the identification form."""

from __future__ import annotations

from datetime import date
from typing import Any

from screening_app.domain import (
    Agency,
    AgencyService,
    AgencyType,
    Answer,
    AuthorityDecision,
    Case,
    CaseStatus,
    Consent,
    DecisionMakingOrg,
    Gender,
    IncomingReferral,
    OfficerDecision,
    OutcomeKind,
    Person,
    Referral,
    ReferralReason,
    ReferralStatus,
    TraffickingStatus,
)
from screening_app.domain.ids import new_case_id
from screening_app.screening import FormDefinition, QuestionType, evaluate_interview, load_form

TODAY = date(2026, 3, 2)


def form() -> FormDefinition:
    return load_form("identification", "1.0")


def answer_sets(f: FormDefinition) -> list[dict[str, Any]]:
    """Answer sets in which, together, every option of every question is chosen: set
    i picks option i of each question (and one set picks every option of the
    multiple-choice ones)."""
    widest = max(len(q.options) for q in f.questions() for q in [q, *q.questions])
    sets: list[dict[str, Any]] = []
    for i in range(widest + 1):
        every = i == widest
        answers: dict[str, Any] = {}
        for q in f.questions():
            value = _value(q, i, every)
            if value is not None:
                answers[q.id] = value
        answers.update(consent_interview="yes", consent_record="yes", consent_share="yes")
        sets.append(answers)
    return sets


def _value(q: Any, i: int, every: bool) -> Any:
    options = [o.value for o in q.options]
    if q.type is QuestionType.YES_NO:
        return "yes" if i % 2 == 0 or every else options[i % len(options)]
    if q.type is QuestionType.SINGLE:
        return options[i % len(options)]
    if q.type is QuestionType.MULTIPLE:
        return options if every else [options[i % len(options)]]
    if q.type is QuestionType.REPEAT:
        stages = [o.value for o in q.sub_question("stage").options]
        return [{"stage": stage, "country": ("KH", "XK", "TH")[n % 3], "place": "Made-up town",
                 "date": ("2024-05-06", "2024-05", "2024")[n % 3]}
                for n, stage in enumerate(stages)]
    if q.type is QuestionType.DATE_OR_AGE:
        return {"date": "2004-02-29"} if i % 2 else {"age": 30 + i}
    if q.type is QuestionType.COUNTRY:
        return ["KH", "XK"] if q.multiple else ("KH", "MM", "LA", "XK")[i % 4]
    if q.type is QuestionType.LANGUAGE:
        return ["km", "zh_Hans", "my"] if q.multiple else "th"
    if q.type is QuestionType.NUMBER:
        return 12
    if q.type is QuestionType.TEXT:
        return "ស្រី" if q.id == "given_name" else "made up"
    if q.type is QuestionType.DATE:
        return "2025-01-02"
    return None


def _pick(values: list[Any], i: int) -> Any:
    return values[i % len(values)]


def agencies(i: int) -> tuple[Agency, Agency]:
    """Sender and recipient; over i, every org_Type and service (and none)."""
    kinds: list[AgencyType | None] = [*AgencyType, None]
    services: list[AgencyService | None] = [*AgencyService, None]
    sender = Agency(id=f"kh-sender-{i}", name=f"Sender {i}", type=_pick(kinds, i),
                    service=_pick(services, i + 1), country="KH", phone="+855 23 000 000")
    recipient = Agency(id=f"th-recipient-{i}", name=f"ผู้รับ {i}", type=_pick(kinds, i + 3),
                       service=_pick(services, i), country="TH", phone="1300")
    return sender, recipient


def cases() -> list[tuple[Case, Agency, Agency, ReferralReason]]:
    """Cases covering every enum value and every option of the form."""
    f = form()
    sets = answer_sets(f)
    decisions: list[tuple[TraffickingStatus, DecisionMakingOrg] | None] = [
        None, *((s, o) for s in (TraffickingStatus.ACTUAL, TraffickingStatus.NOT_A_VICTIM)
                for o in DecisionMakingOrg)]
    count = max(len(sets), len(Gender), len(decisions), len(AgencyType) + 1,
                len(OutcomeKind) * 2)
    out = []
    for i in range(count):
        answers = sets[i % len(sets)]
        outcome = evaluate_interview(f, answers, TODAY)
        kind = _pick(list(OutcomeKind), i)
        case = Case(id=new_case_id(), reference=f"KH-T-0001-{i:06d}", created_by="officer",
                    status=_pick(list(CaseStatus), i),
                    person=Person(given_name="ស្រី", family_name="សុខ", latin_name="Sok Srey",
                                  gender=_pick(list(Gender), i),
                                  citizenship=["KH", "XK"][: 1 + i % 2],
                                  birth_date=date(2001, 4, 3) if i % 2 else None,
                                  estimated_age=None if i % 2 else 16,
                                  languages=["km", "zh_Hans"],
                                  phone=("+855 12 345 678", "012 345 678", None)[i % 3],
                                  address="12 Made-up Road" if i % 2 else None),
                    consent=Consent(interview=True, record=bool(i % 3),
                                    share_for_referral=True),
                    form_id=f.id, form_version=f.version, draft=False)
        case.answers = {q: Answer(q, v, answered_by="officer") for q, v in answers.items()}
        case.outcomes = [outcome]
        case.decision = OfficerDecision(outcome.kind, kind, "made-up reason", "officer")
        decided = _pick(decisions, i)
        if decided is not None:
            case.authority_decision = AuthorityDecision(
                status=decided[0], decided_by=decided[1], decided_on=date(2026, 2, 1),
                authority="Made-up court", reference="A-1", recorded_by="officer")
        sender, recipient = agencies(i)
        reason = _pick(list(ReferralReason), i)
        if i % 2:
            case.referrals = [Referral(id=f"r{i}", case_id=case.id, agency_id=recipient.id,
                                       languages=["km"], status=ReferralStatus.EXPORTED,
                                       reason=reason, details="made-up details")]
        if i % 3 == 0:
            case.incoming_referral = IncomingReferral(
                referring_agency=f"la-agency-{i}", received_on=date(2026, 1, 5),
                reason=_pick(list(ReferralReason), i + 1), details="made-up details")
        out.append((case, sender, recipient, reason))
    return out
