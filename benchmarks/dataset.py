"""The synthetic case load: N cases with names in every script of the region,
built once per run through the repository's own code path (create + save_answer
inside one outer transaction), and a plain-sqlite3 twin of the same database.

Synthetic names only: no real person is in these files.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening_app.domain import (
    Answer,
    Consent,
    ConsentMethod,
    DimensionResult,
    Gender,
    Outcome,
    OutcomeKind,
    Person,
)

PASSPHRASE = "benchmark passphrase, synthetic data only"
ADMIN_PASSPHRASE = "benchmark admin passphrase"
USER = "officer"

# (family names, given names, latin family, latin given, nationality, language)
NAMES: dict[str, tuple[list[str], list[str], list[str], list[str], str, str]] = {
    "km": (["សុខ", "ចាន់", "កែវ", "ហេង", "លី", "ម៉ៅ", "សៀង", "ឈឹម"],
           ["ស្រីមុំ", "ដារ៉ា", "សុភា", "វណ្ណា", "ចន្ថា", "រតនា", "សំណាង", "បុប្ផា", "ពិសី",
            "សុគន្ធា"],
           ["Sok", "Chan", "Keo", "Heng", "Ly", "Mao", "Sieng", "Chhim"],
           ["Sreymom", "Dara", "Sophea", "Vanna", "Chantha", "Ratana", "Samnang", "Bopha",
            "Pisey", "Sokunthea"], "KH", "km"),
    "th": (["สมบูรณ์", "ศรีสุข", "แก้วมณี", "บุญมา", "ทองดี", "วงศ์ใหญ่", "ใจดี", "สุขสวัสดิ์"],
           ["มาลัย", "สมชาย", "สุดา", "ประเสริฐ", "วิไล", "อรุณี", "กมล", "นภา", "ธนพล", "ปราณี"],
           ["Somboon", "Srisuk", "Kaewmanee", "Boonma", "Thongdee", "Wongyai", "Jaidee",
            "Suksawat"],
           ["Malai", "Somchai", "Suda", "Prasert", "Wilai", "Arunee", "Kamol", "Napa",
            "Thanaphon", "Pranee"], "TH", "th"),
    "lo": (["ພົມມະວົງ", "ສີສຸລາດ", "ແກ້ວມະນີ", "ວົງສາ", "ສຸວັນນະ", "ອິນທະວົງ"],
           ["ບຸນມີ", "ສົມພອນ", "ຄຳພອນ", "ແສງເດືອນ", "ວັນນາ", "ພອນສະຫວັນ", "ນາລີ", "ສຸກສະຫວັນ"],
           ["Phommavong", "Sisoulath", "Keomany", "Vongsa", "Souvanna", "Inthavong"],
           ["Bounmy", "Somphone", "Khamphone", "Sengdeuane", "Vanna", "Phonesavanh", "Nalee",
            "Souksavanh"], "LA", "lo"),
    "my": ([""],
           ["အောင်ကျော်မင်း", "မြင့်မြင့်", "သီတာ", "ဇော်ဝင်း", "နီလာ", "ခင်မောင်", "စုစုလှိုင်",
            "ထွန်းထွန်း", "မိုးမိုး", "ကျော်ဇေယျ"],
           [""],
           ["Aung Kyaw Min", "Myint Myint", "Thida", "Zaw Win", "Nilar", "Khin Maung",
            "Su Su Hlaing", "Tun Tun", "Moe Moe", "Kyaw Zeya"], "MM", "my"),
    "zh": (["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"],
           ["小明", "丽娜", "建华", "秀英", "伟", "芳", "志强", "桂兰", "海燕", "国庆"],
           ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"],
           ["Xiaoming", "Lina", "Jianhua", "Xiuying", "Wei", "Fang", "Zhiqiang", "Guilan",
            "Haiyan", "Guoqing"], "CN", "zh_Hans"),
    "vi": (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"],
           ["Thị Đào", "Văn Hùng", "Thị Lan", "Minh Tuấn", "Thu Hà", "Đức Anh", "Thị Hương",
            "Quốc Bảo"],
           ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
           ["Thi Dao", "Van Hung", "Thi Lan", "Minh Tuan", "Thu Ha", "Duc Anh", "Thi Huong",
            "Quoc Bao"], "VN", "vi"),
    "en": ([""], [""], ["O'Brien", "Smith", "Santos", "Reyes", "Khan", "Garcia"],
           ["Maria", "John", "Ana", "Jose", "Aisha", "Grace", "Peter"], "PH", "en"),
}
SCRIPTS = list(NAMES)

# Search queries per script: (label, query). Substrings of synthetic names.
QUERIES: dict[str, list[str]] = {
    "km": ["ស្រីមុំ", "សុខ ដារ៉ា", "សុភា"],
    "th": ["มาลัย", "บุญมา สุดา", "ประเสริฐ"],
    "lo": ["ບຸນມີ", "ພົມມະວົງ", "ສົມພອນ"],
    "my": ["ကျော်ဇေယျ", "မြင့်မြင့်", "အောင်"],
    "zh": ["王小明", "陈丽娜", "秀英"],
    "vi": ["Nguyễn Thị Đào", "hung", "Phạm"],
    "en": ["o'brien", "Maria Santos", "garcia"],
}


@dataclass
class Dataset:
    data_dir: Path
    plain_db: Path
    cases: int
    case_ids: list[str]
    build_seconds: float


def person(rng: random.Random, script: str) -> Person:
    fam, giv, lfam, lgiv, nat, lang = NAMES[script]
    i, j = rng.randrange(len(fam)), rng.randrange(len(giv))
    li, lj = (i if len(lfam) == len(fam) else rng.randrange(len(lfam)),
              j if len(lgiv) == len(giv) else rng.randrange(len(lgiv)))
    latin = " ".join(p for p in (lfam[li], lgiv[lj]) if p)
    if script == "zh":
        latin = f"{lfam[li]} {lgiv[lj]}"
    return Person(given_name=giv[j], family_name=fam[i], latin_name=latin,
                  gender=rng.choice([Gender.FEMALE, Gender.MALE, Gender.UNKNOWN]),
                  nationality=nat, estimated_age=rng.randrange(12, 50), languages=[lang])


def outcome(rng: random.Random) -> Outcome:
    return Outcome(kind=rng.choice(list(OutcomeKind)), urgent=rng.random() < 0.1,
                   indicator_set="adult_labour", rule_set="ilo-2012", rule_set_version="1",
                   dimensions={"recruitment": DimensionResult(True, ["deceptive_recruitment"]),
                               "exploitation": DimensionResult(False, [])})


def build(where: Path, count: int, seed: int = 7) -> Dataset:
    """A data directory with `count` cases; every tenth is a finished interview
    (20 answers and an outcome), the others drafts with three answers."""
    from screening_app.storage import Session, init_data_dir

    rng = random.Random(seed)
    data_dir = where / "data"
    start = time.perf_counter()
    init_data_dir(data_dir, admin="admin", passphrase=ADMIN_PASSPHRASE, country="KH",
                  agency_name="Benchmark agency", agency_type="LawEnforcement")
    with Session.open(data_dir, "admin", ADMIN_PASSPHRASE) as admin:
        admin.users.add(USER, "officer", PASSPHRASE)
    ids: list[str] = []
    with Session.open(data_dir, USER, PASSPHRASE) as session:
        with session.transaction():
            for n in range(count):
                script = SCRIPTS[n % len(SCRIPTS)]
                case = session.cases.create(
                    person(rng, script),
                    Consent(interview=True, record=True, share_for_referral=True,
                            how=ConsentMethod.VERBAL),
                    form_id="identification", form_version="1.0", officer_language="km",
                    interviewee_language=NAMES[script][5])
                ids.append(case.id)
                finished = n % 10 == 0
                for q in range(20 if finished else 3):
                    session.cases.save_answer(case.id, Answer(
                        f"q{q:02d}", rng.choice([True, False, "sometimes", 12, ["a", "b"]])))
                if finished:
                    session.cases.add_outcome(case.id, outcome(rng))
        session.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain = where / "plain.db"
        export_plain(session, plain)
    return Dataset(data_dir, plain, count, ids, time.perf_counter() - start)


def export_plain(session: object, target: Path) -> None:
    """The same schema and rows in a plain SQLite file (SQLCipher's documented
    sqlcipher_export), the reference for size, search and save."""
    conn = session.connection  # type: ignore[attr-defined]
    conn.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    plain = _plain_engine().connect(str(target))
    plain.execute("PRAGMA journal_mode = WAL")
    plain.close()


def _plain_engine() -> Any:
    """SQLCipher's own SQLite without a key: an unencrypted database, the same
    SQLite version as ours (3.53). The standard library's SQLite (3.40 here)
    cannot read the contentless-delete FTS5 table of the search index."""
    from sqlcipher3 import dbapi2

    return dbapi2


def open_plain(path: Path, synchronous: str = "FULL") -> object:
    """The reference connection: plain SQLite (no key), the same pragmas as ours."""
    conn = _plain_engine().connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -32768")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def now() -> datetime:
    return datetime.now(UTC)
