"""A synthetic case load for the statistics: N finished and unfinished interviews
spread over two years, with genders, citizenships, ages, outcomes (exploitation
stated or not, dimensions found), officers' decisions, referrals in every state and
cases received from partner agencies. Stored through `CaseRepository.put` (the
importer's code path) in one transaction; synthetic names only.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks import dataset
from screening_app.domain import (
    Case,
    CaseStatus,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Referral,
    ReferralReason,
    ReferralStatus,
)

SUPERVISOR = "supervisor"
SUPERVISOR_PASSPHRASE = "benchmark supervisor passphrase"
DIMENSIONS = ("deceptive_recruitment", "coercive_recruitment",
              "recruitment_abuse_of_vulnerability", "exploitative_conditions",
              "coercion_at_destination", "abuse_of_vulnerability_at_destination")
START = datetime(2024, 1, 1, tzinfo=UTC)
DAYS = 730


@dataclass
class StatsDataset:
    data_dir: Path
    plain_db: Path
    cases: int
    build_seconds: float


def synthetic_case(rng: random.Random, n: int, officer: str = dataset.USER) -> Case:
    script = dataset.SCRIPTS[n % len(dataset.SCRIPTS)]
    person = dataset.person(rng, script)
    person.gender = rng.choices(
        list(Gender)[:6], weights=[45, 45, 2, 1, 1, 6])[0]
    if rng.random() < 0.05:
        person.citizenship = [rng.choice(["PH", "ID", "BD", "LK", "NP", "UZ", "KP"])]
    elif rng.random() < 0.03:
        person.citizenship = []
    if rng.random() < 0.4:
        person.birth_date = date(rng.randrange(1960, 2015), rng.randrange(1, 13),
                                 rng.randrange(1, 29))
        person.estimated_age = None
    elif rng.random() < 0.1:
        person.estimated_age = None
    created = START + timedelta(days=rng.randrange(DAYS), seconds=rng.randrange(86400))
    case = Case(id=str(uuid.UUID(int=rng.getrandbits(128))), reference=f"KH-BEN-01-{n:06d}",
                created_by=officer, created_at=created, updated_at=created, person=person,
                consent=Consent(interview=True, record=True, share_for_referral=True,
                                how=ConsentMethod.VERBAL),
                form_id="identification", form_version="1.0",
                status=rng.choice(list(CaseStatus)), draft=rng.random() < 0.15)
    if not case.draft:
        kind = rng.choices(list(OutcomeKind), weights=[30, 40, 30])[0]
        stated = rng.random() < 0.8
        exploitation = rng.choice([["labour"], ["sexual"], ["labour", "sexual"]]) \
            if stated else ["labour", "sexual"]
        dims = {d: DimensionResult(rng.random() < 0.3, []) for d in DIMENSIONS}
        case.outcomes = [Outcome(
            kind=kind, urgent=rng.random() < 0.1, indicator_set="adult_labour",
            rule_set="ilo-2009-working", rule_set_version="0.1", dimensions=dims,
            computed_at=created, extra={"exploitation": exploitation,
                                        "exploitation_basis": "stated" if stated else
                                        "assumed"})]
        if rng.random() < 0.5:
            decided = kind if rng.random() < 0.9 else rng.choice(list(OutcomeKind))
            case.decision = OfficerDecision(kind, decided, "synthetic" if decided != kind
                                            else None, officer, created)
        if rng.random() < 0.4:
            case.referrals = [Referral(
                id=str(uuid.UUID(int=rng.getrandbits(128))), case_id=case.id,
                agency_id=rng.choice(["th-msdhs", "kh-mosvy"]), languages=["km", "th"],
                status=rng.choice(list(ReferralStatus)), created_at=created,
                reason=ReferralReason.ADDITIONAL_SERVICES)]
    if rng.random() < 0.1:
        case.incoming_referral = IncomingReferral(
            referring_agency=rng.choice(["th-msdhs", "vn-molisa"]), received_on=created.date(),
            reason=ReferralReason.ADDITIONAL_SERVICES)
    return case


def build(where: Path, count: int, seed: int = 12) -> StatsDataset:
    """A data directory with `count` synthetic cases and a supervisor, and its plain
    SQLite twin."""
    from screening_app.storage import Session, init_data_dir

    rng = random.Random(seed)
    data_dir = where / "data"
    start = time.perf_counter()
    init_data_dir(data_dir, admin="admin", passphrase=dataset.ADMIN_PASSPHRASE, country="KH",
                  agency_name="Benchmark agency", agency_type="LawEnforcement")
    with Session.open(data_dir, "admin", dataset.ADMIN_PASSPHRASE) as admin:
        admin.users.add(dataset.USER, "officer", dataset.PASSPHRASE)
        admin.users.add(SUPERVISOR, "supervisor", SUPERVISOR_PASSPHRASE)
    with Session.open(data_dir, dataset.USER, dataset.PASSPHRASE) as session:
        with session.transaction():
            for n in range(count):
                session.cases.put(synthetic_case(rng, n))
        session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain = where / "plain.db"
        dataset.export_plain(session, plain)
    return StatsDataset(data_dir, plain, count, time.perf_counter() - start)
