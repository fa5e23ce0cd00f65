"""The duplicate-person index inside the encrypted database (the supervisor's
decisions on its pairs are storage/duplicates.py).

Every write of a case's profile (storage.cases) calls `index_case` in the same
transaction: the case's matcher profile and blocking keys are stored, and its
candidate pairs are found again through the keys (an index lookup per key,
never a scan of the cases). Pairs scoring at least STORED_FLOOR are kept both
ways in dup_pairs, which the case list reads for its "possible same person"
marker. Nothing is ever merged: a supervisor links two cases (one person, two
cases kept and cross-referenced) or marks them as different people; both are
audited.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from screening_app.domain import Person
from screening_app.matching import (
    KNOWN_GENDERS,
    Match,
    Profile,
    blocking_keys,
    compare,
    profile_of,
)

if TYPE_CHECKING:
    from screening_app.storage.database import Database

STORED_FLOOR = 0.8         # pairs kept for the list marker and `cases duplicates`
STORED_MAX = 20            # pairs kept per case, best first
BLOCK_CAP = 400            # a key shared by more cases than this is too common to block on
MAX_SCORED = 100           # candidates scored per case, those sharing most keys first
INDEX_VERSION = "1"        # bump when matching's keys or profiles change: rebuilt at unlock


def _day(value: str | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return datetime.fromisoformat(value).date()


def _today() -> date:
    return datetime.now(UTC).date()


def _birth_year(profile: Profile) -> int | None:
    if profile.birth_date is not None:
        return profile.birth_date.year
    if profile.age is None:
        return None
    return (profile.age_on or _today()).year - profile.age


# Pairs below STORED_FLOOR need not be scored when only stored: a known, different
# gender costs 0.3, ages more than 5 years apart 0.3 (matching.compare), so such a
# pair cannot reach 0.8. Birth years carry a year of slack on each side.
# (An entry written before HTCDS 2.0 holds "Female" or "Male": never filtered out.)
_KNOWN = ", ".join(f"'{g}'" for g in KNOWN_GENDERS)
_PLAUSIBLE = (f"(p.gender NOT IN ({_KNOWN}) OR ? NOT IN ({_KNOWN}) "
              "OR p.gender = ?) AND (p.birth_year IS NULL OR ? IS NULL "
              "OR abs(p.birth_year - ?) <= 6)")


def candidates(cur: Any, profile: Profile, exclude: str | None = None,
               today: date | None = None, plausible_only: bool = False
               ) -> list[tuple[str, Match]]:
    """Cases whose index entry shares blocking keys with `profile`, scored, best
    first. Every key costs one index range read of at most BLOCK_CAP + 1 rows.
    `plausible_only` skips pairs that cannot reach STORED_FLOOR."""
    shared: Counter[str] = Counter()
    for key in sorted(blocking_keys(profile)):
        rows = cur.execute("SELECT case_id FROM dup_keys WHERE key = ? LIMIT ?",
                           (key, BLOCK_CAP + 1)).fetchall()
        if len(rows) > BLOCK_CAP:
            continue
        shared.update(r[0] for r in rows)
    if exclude is not None:
        shared.pop(exclude, None)
    chosen = [case_id for case_id, _n in shared.most_common(MAX_SCORED)]
    if not chosen:
        return []
    marks = ", ".join("?" for _ in chosen)
    sql = f"SELECT p.case_id, p.profile FROM dup_people p WHERE p.case_id IN ({marks})"  # noqa: S608
    params: list[Any] = list(chosen)
    if plausible_only:
        year = _birth_year(profile)
        sql += " AND " + _PLAUSIBLE
        params += [profile.gender, profile.gender, year, year]
    rows = cur.execute(sql, params).fetchall()
    day = today or _today()
    found = [(str(case_id), compare(profile, Profile.from_dict(json.loads(body)), day))
             for case_id, body in rows]
    found.sort(key=lambda item: (-item[1].score, item[0]))
    return found


def index_case(cur: Any, case_id: str, person: Person, created_at: str | datetime) -> None:
    """(Re)write a case's matcher profile, keys and candidate pairs."""
    forget_case(cur, case_id)
    profile = profile_of(person, _day(created_at))
    if not profile.variants:
        return
    cur.execute("INSERT INTO dup_people (case_id, profile, gender, birth_year) "
                "VALUES (?, ?, ?, ?)", (case_id, json.dumps(profile.to_dict(), ensure_ascii=False),
                                        profile.gender, _birth_year(profile)))
    cur.executemany("INSERT OR IGNORE INTO dup_keys (key, case_id) VALUES (?, ?)",
                    [(key, case_id) for key in sorted(blocking_keys(profile))])
    found = candidates(cur, profile, exclude=case_id, plausible_only=True)
    for other, match in found[:STORED_MAX]:
        if match.score < STORED_FLOOR:
            break
        score = round(match.score, 4)
        cur.executemany("INSERT OR REPLACE INTO dup_pairs (case_id, other_id, score) "
                        "VALUES (?, ?, ?)", [(case_id, other, score), (other, case_id, score)])


def forget_case(cur: Any, case_id: str) -> None:
    """Remove a case's profile, keys and pairs (profile change, erasure)."""
    cur.execute("DELETE FROM dup_people WHERE case_id = ?", (case_id,))
    cur.execute("DELETE FROM dup_keys WHERE case_id = ?", (case_id,))
    cur.execute("DELETE FROM dup_pairs WHERE case_id = ?", (case_id,))
    cur.execute("DELETE FROM dup_pairs WHERE other_id = ?", (case_id,))


def ensure_duplicate_index(db: Database) -> None:
    """Build the index when it is missing or made by older rules (first unlock
    after an upgrade): every case's profile and keys, then its pairs."""
    rows = db.query("SELECT value FROM meta WHERE key = 'duplicate_index'")
    if rows and rows[0][0] == INDEX_VERSION:
        return
    with db.transaction() as cur:
        for table in ("dup_people", "dup_keys", "dup_pairs"):
            cur.execute(f"DELETE FROM {table}")  # noqa: S608
        erased = {r[0] for r in cur.execute("SELECT case_id FROM retention_erased")}
        for case_id, person, created_at in cur.execute(
                "SELECT id, person, created_at FROM cases ORDER BY created_at").fetchall():
            if case_id not in erased:
                index_case(cur, case_id, Person.from_dict(json.loads(person)), created_at)
        cur.execute("INSERT INTO meta (key, value) VALUES ('duplicate_index', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (INDEX_VERSION,))
