"""Case list and search on 100,000 cases (target: p95 ≤ 20 ms per query).

    python -m benchmarks.search_100k [--cases N] [--keep DIR]

Builds an encrypted data directory of synthetic cases (names made of syllables
in every script, so most names are distinct), then times list, count and
search queries. Cheap Argon2id parameters: the unlock is not what is measured.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from screening_app.domain import Consent, Gender, Person
from screening_app.storage import KdfParams, Session, init_data_dir

PASS = "benchmark passphrase"
PARTS = {
    "km": (["សុខ", "ចាន់", "កែវ", "ហេង", "លី", "ស៊ុន"], ["ស្រី", "មុំ", "ដា", "រា", "សុ", "ភា", "ពៅ"]),
    "th": (["สม", "ใจ", "ดี", "บูรณ์", "ศรี", "แก้ว"], ["มา", "ลัย", "ชาย", "พร", "ทอง", "นก"]),
    "lo": (["ພົມ", "ມະ", "ວົງ", "ສີ", "ສຸ", "ວັນ"], ["ບຸນ", "ມີ", "ນ້ອຍ", "ແກ້ວ", "ຄຳ"]),
    "my": (["အောင်", "ကျော်", "မင်း", "သီ", "တာ"], ["ဇော်", "ထွန်း", "နွယ်", "ဝင်း"]),
    "zh": (["王", "李", "张", "刘", "陈", "杨", "黄", "赵"],
           ["小", "明", "娜", "伟", "芳", "军", "丽", "强"]),
    "vi": (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"],
           ["Thị", "Văn", "Đào", "Hùng", "Hồng", "Minh", "Ánh"]),
    "en": (["Smith", "Santos", "Morgan", "Reyes", "Cruz"], ["Ana", "Maria", "Jon", "Alex", "Lee"]),
}


def _person(rng: random.Random) -> Person:
    script = rng.choice(list(PARTS))
    families, givens = PARTS[script]
    family = rng.choice(families) + (rng.choice(families) if script != "vi" else "")
    given = "".join(rng.choice(givens) for _ in range(rng.randint(1, 3)))
    if script in ("vi", "en"):
        given = " ".join(rng.choice(givens) for _ in range(rng.randint(1, 2)))
    latin = f"Latin{rng.randrange(10**6):06d}"
    return Person(given_name=given, family_name=family, latin_name=latin,
                  gender=rng.choice(list(Gender)), nationality="KH")


def build(path: Path, count: int) -> None:
    init_data_dir(path, admin="admin", passphrase=PASS, country="KH",
                  kdf=KdfParams(64, 1, 1))
    with Session.open(path, "admin", PASS) as admin:
        admin.users.add("officer", "officer", PASS)
        admin.users.add("supervisor", "supervisor", PASS)
    rng = random.Random(7)   # made-up data
    with Session.open(path, "officer", PASS) as s:
        done = 0
        while done < count:
            with s.transaction():
                for _ in range(min(5000, count - done)):
                    s.cases.create(_person(rng), Consent(interview=True))
                    done += 1


def timed(label: str, fn: Callable[[], object], runs: int = 40) -> float:
    fn()   # warm the cache, as a user who has the list open
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:42s} p50 {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms")
    return p95


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    path = args.keep or Path(tempfile.mkdtemp()) / "bench"
    if not (path / "vault.json").exists():
        t = time.perf_counter()
        build(path, args.cases)
        print(f"built {args.cases} cases in {time.perf_counter() - t:.1f} s")
    for user in ("officer", "supervisor"):
        with Session.open(path, user, PASS) as s:
            print(f"-- as {user}: {s.cases.count()} cases visible")
            ref = s.cases.list(limit=1)[0].reference
            timed("list first page (100)", lambda s=s: s.cases.list(limit=100))
            timed("list page 500 (100)", lambda s=s: s.cases.list(offset=50_000, limit=100))
            timed("count", lambda s=s: s.cases.count())
            for query in ("ស្រីមុំ", "ใจดี", "ບຸນມີ", "ကျော်", "王小明", "nguyen thi", "Đào",
                          "latin12345", ref, "小明", "明", "le", "zzzzzz"):
                timed(f"search {query!r}", lambda s=s, q=query: s.cases.search(q, limit=50))


if __name__ == "__main__":
    main()
