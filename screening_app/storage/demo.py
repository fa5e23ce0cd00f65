"""Synthetic cases for the demo and for benchmarks: names in Khmer, Thai, Lao,
Burmese, Chinese, Vietnamese (with diacritics) and Latin, varied statuses,
outcomes and referrals. Every person here is made up."""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from screening_app.domain import (
    Answer,
    CaseStatus,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
)
from screening_app.errors import Refused
from screening_app.i18n import _
from screening_app.storage.datadir import write_atomically
from screening_app.storage.session import Session, init_data_dir
from screening_app.storage.vault import KdfParams

DEMO_PASSPHRASE = "demo passphrase"  # noqa: S105 - printed to the user on purpose
DEMO_USERS = (("officer", "officer"), ("supervisor", "supervisor"))

# (family, given, latin, nationality, language, gender)
NAMES: list[tuple[str, str, str, str, str, Gender]] = [
    ("សុខ", "ស្រីមុំ", "Sok Sreymom", "KH", "km", Gender.FEMALE),
    ("ចាន់", "ដារា", "Chan Dara", "KH", "km", Gender.MALE),
    ("កែវ", "សុភា", "Keo Sophea", "KH", "km", Gender.FEMALE),
    ("สมบูรณ์", "มาลัย", "Malai Somboon", "TH", "th", Gender.FEMALE),
    ("ใจดี", "สมชาย", "Somchai Jaidee", "TH", "th", Gender.MALE),
    ("ພົມມະວົງ", "ບຸນມີ", "Bounmy Phommavong", "LA", "lo", Gender.MALE),
    ("ສີສຸວັນ", "ນ້ອຍ", "Noy Sisouvan", "LA", "lo", Gender.FEMALE),
    ("", "အောင်ကျော်မင်း", "Aung Kyaw Min", "MM", "my", Gender.MALE),
    ("", "မသီတာ", "Ma Thida", "MM", "my", Gender.FEMALE),
    ("王", "小明", "Wang Xiaoming", "CN", "zh_Hans", Gender.MALE),
    ("李", "娜", "Li Na", "CN", "zh_Hans", Gender.FEMALE),
    ("Nguyễn", "Thị Đào", "Nguyen Thi Dao", "VN", "vi", Gender.FEMALE),
    ("Trần", "Văn Hùng", "Tran Van Hung", "VN", "vi", Gender.MALE),
    ("Lê", "Thị Hồng", "Le Thi Hong", "VN", "vi", Gender.FEMALE),
    ("", "", "Maria Santos", "PH", "en", Gender.FEMALE),
    ("", "", "Alex Morgan", "GB", "en", Gender.UNKNOWN),
]


def _outcome(rng: random.Random) -> Outcome:
    kind = rng.choice(list(OutcomeKind))
    positive = kind is not OutcomeKind.NO_INDICATORS
    return Outcome(kind=kind, urgent=positive and rng.random() < 0.3,
                   indicator_set="adult_labour", rule_set="demo", rule_set_version="0",
                   dimensions={"recruitment": DimensionResult(positive,
                                                              ["deceptive_recruitment"]
                                                              if positive else [])},
                   provisional=True)


def seed_cases(session: Session, count: int, seed: int = 2004) -> list[str]:
    """Create `count` synthetic cases as the session's user; returns their ids."""
    rng = random.Random(seed)  # noqa: S311 - reproducible made-up data, not secrets
    ids: list[str] = []
    for n in range(count):
        family, given, latin, country, language, gender = NAMES[n % len(NAMES)]
        person = Person(given_name=given, family_name=family, latin_name=latin, gender=gender,
                        nationality=country, estimated_age=rng.randint(14, 45),
                        languages=[language])
        consent = Consent(interview=True, record=True, share_for_referral=rng.random() < 0.7,
                          how=ConsentMethod.VERBAL)
        case = session.cases.create(person, consent, form_id=None, form_version=None,
                                    interviewee_language=language)
        session.cases.save_answer(case.id, Answer("demo_question", rng.random() < 0.5))
        if rng.random() < 0.6:
            session.cases.add_outcome(case.id, _outcome(rng))
        if rng.random() < 0.3:
            session.cases.save_referral(Referral(
                id=f"{case.id}-r1", case_id=case.id, agency_id="demo-shelter",
                languages=[language, "en"],
                status=rng.choice([ReferralStatus.DRAFT, ReferralStatus.PRINTED,
                                   ReferralStatus.EXPORTED])))
        status = rng.choice(list(CaseStatus))
        if status is not CaseStatus.ACTIVE or rng.random() < 0.5:
            case.status = status
            case.draft = status is CaseStatus.ACTIVE
            session.cases.update(case)
        ids.append(case.id)
    return ids


# Written last: a demo directory without it was interrupted while being made.
DEMO_COMPLETE = "demo-complete"
# What a data directory (and a half-made demo) may hold; anything else is not ours.
_DATA_DIR_NAMES = frozenset({
    "vault.json", "vault.json.next", "vault.json.tmp", "vault.json.next.tmp", "cases.db",
    "cases.db-wal", "cases.db-shm", "cases.db-journal", "instance.lock",
    "unlock-failures.json", "unlock-failures.json.tmp", "outbox", "inbox", "logs", "replaced",
    DEMO_COMPLETE})


def _strangers(path: Path) -> list[Path]:
    return [p for p in path.iterdir() if p.name not in _DATA_DIR_NAMES
            and not p.name.startswith(("backup-", "restore-"))]


def interrupted_demo(path: Path) -> bool:
    """A demo directory left half-made (a `demo` stopped before it finished)."""
    return (path.is_dir() and any(path.iterdir()) and not (path / DEMO_COMPLETE).exists()
            and not _strangers(path))


def make_demo(path: Path, cases: int, kdf: KdfParams | None = None,
              then: Callable[[Path], None] | None = None) -> bool:
    """Set up a demo data directory at `path` unless a finished one is there; True if
    made. A half-made one (interrupted) is removed and made again. `then(path)` runs
    before the directory is marked finished."""
    if (path / DEMO_COMPLETE).exists():
        return False
    if path.is_dir() and _strangers(path):
        raise Refused(_("The demo folder {path} holds files that are not demo data; nothing "
                        "was deleted. Choose another folder with --data-dir.").format(path=path))
    if interrupted_demo(path):
        shutil.rmtree(path)
    init_data_dir(path, admin="admin", passphrase=DEMO_PASSPHRASE, agency_name="Demo Agency",
                  country="KH", agency_type="NGO", kdf=kdf, site_code="DM")
    with Session.open(path, "admin", DEMO_PASSPHRASE) as admin:
        for name, role in DEMO_USERS:
            admin.users.add(name, role, DEMO_PASSPHRASE)
    with Session.open(path, "officer", DEMO_PASSPHRASE) as officer:
        seed_cases(officer, cases)
    if then is not None:
        then(path)
    write_atomically(path / DEMO_COMPLETE, b"")
    return True
