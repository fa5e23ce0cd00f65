"""The case repository: every read and write of a case, with the access rules
and the audit trail.

Officers see and edit their own cases and those shared with them; supervisors
see all; administrators manage users and read no case. Every answer is saved in
its own commit as it is given, so a crash or an idle lock loses nothing.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from screening_app.domain import (
    Answer,
    AuthorityDecision,
    Case,
    CaseStatus,
    Consent,
    Gender,
    IncomingReferral,
    OfficerDecision,
    Outcome,
    OutcomeKind,
    Person,
    Referral,
    ReferralStatus,
    Role,
    User,
    new_case_id,
    validation,
)
from screening_app.domain.validation import Invalid, Vocabulary
from screening_app.errors import InvalidValue, Refused
from screening_app.i18n import _
from screening_app.storage import duplicate_index
from screening_app.storage import search as searching
from screening_app.storage.audit import AuditAction, AuditLog
from screening_app.storage.database import Database
from screening_app.storage.installation import Device


def timestamp(value: datetime) -> str:
    """One fixed-width UTC format, so text order is time order."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _standard_columns(case: Case) -> tuple[str | None, str | None]:
    """The authority's decision and the incoming referral, as stored (HTCDS 2.0)."""
    decided, came = case.authority_decision, case.incoming_referral
    return (None if decided is None else _json(decided.to_dict()),
            None if came is None else _json(came.to_dict()))


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the case list (no answers, no free text)."""

    id: str
    reference: str
    display_name: str            # native script
    latin_name: str
    nationality: str | None
    gender: Gender
    status: CaseStatus
    outcome: OutcomeKind | None
    urgent: bool
    draft: bool
    referral_state: ReferralStatus | None
    created_at: datetime
    updated_at: datetime
    created_by: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "reference": self.reference, "display_name": self.display_name,
            "latin_name": self.latin_name, "nationality": self.nationality,
            "gender": self.gender.value, "status": self.status.value,
            "outcome": None if self.outcome is None else self.outcome.value,
            "urgent": self.urgent, "draft": self.draft,
            "referral_state": None if self.referral_state is None else self.referral_state.value,
            "created_at": self.created_at.isoformat(), "updated_at": self.updated_at.isoformat(),
            "created_by": self.created_by,
        }


@dataclass(frozen=True)
class CaseFilter:
    """Narrows the case list; every field left as None matches everything."""

    status: CaseStatus | None = None
    outcome: OutcomeKind | None = None
    created_from: date | datetime | None = None     # inclusive
    created_to: date | datetime | None = None       # inclusive (a date means the whole day)
    referral_state: ReferralStatus | None = None
    draft: bool | None = None
    urgent: bool | None = None
    created_by: str | None = None


SORTABLE = {
    "updated_at": "c.updated_at", "created_at": "c.created_at", "reference": "c.reference",
    "display_name": "c.display_name", "latin_name": "c.latin_name", "status": "c.status",
    "outcome": "coalesce(c.outcome_kind, '')", "nationality": "coalesce(c.nationality, '')",
    "created_by": "c.created_by",
}


def _sort_value(row: CaseSummary, sort: str) -> str:
    """The stored value of column `sort` for a listed row (keyset paging)."""
    if sort in ("updated_at", "created_at"):
        return timestamp(getattr(row, sort))
    if sort == "status":
        return row.status.value
    if sort == "outcome":
        return "" if row.outcome is None else row.outcome.value
    if sort == "nationality":
        return row.nationality or ""
    return str(getattr(row, sort))
_CASE_COLUMNS = (
    "id", "reference", "created_by", "created_at", "updated_at", "status", "draft", "person",
    "consent", "form_id", "form_version", "officer_language", "interviewee_language",
    "decision", "note", "display_name", "latin_name", "nationality", "gender", "outcome_kind",
    "urgent", "referral_state", "search_text", "authority_decision", "incoming_referral")

_SUMMARY_COLUMNS = ("c.id, c.reference, c.display_name, c.latin_name, c.nationality, c.gender, "
                    "c.status, c.outcome_kind, c.urgent, c.draft, c.referral_state, "
                    "c.created_at, c.updated_at, c.created_by")


def _summary(row: Any) -> CaseSummary:
    return CaseSummary(
        id=row[0], reference=row[1], display_name=row[2], latin_name=row[3],
        nationality=row[4], gender=Gender(row[5]), status=CaseStatus(row[6]),
        outcome=OutcomeKind(row[7]) if row[7] else None, urgent=bool(row[8]),
        draft=bool(row[9]), referral_state=ReferralStatus(row[10]) if row[10] else None,
        created_at=_parse(row[11]), updated_at=_parse(row[12]), created_by=row[13])


def _bound(value: date | datetime, end: bool) -> str:
    if isinstance(value, datetime):
        return timestamp(value)
    moment = datetime.combine(value, time.max if end else time.min, tzinfo=UTC)
    return timestamp(moment)


def period_clauses(column: str, start: date | datetime | None,
                   end: date | datetime | None) -> tuple[list[str], list[str]]:
    """SQL conditions (and their values) keeping `column`, a stored timestamp, within
    `start` and `end`; a day counts whole (UTC), a missing bound is left open."""
    clauses: list[str] = []
    values: list[str] = []
    if start is not None:
        clauses.append(f"{column} >= ?")
        values.append(_bound(start, end=False))
    if end is not None:
        clauses.append(f"{column} <= ?")
        values.append(_bound(end, end=True))
    return clauses, values


def index_text(cur: Any, case_id: str, text: str) -> None:
    """(Re)write the search index entries of one case, found through
    cases.search_rowid: no index is ever scanned to update a case."""
    old = cur.execute("SELECT search_rowid FROM cases WHERE id = ?", (case_id,)).fetchone()[0]
    if old is not None:
        cur.execute("DELETE FROM case_search WHERE rowid = ?", (old,))
        cur.execute("DELETE FROM case_grams WHERE rowid = ?", (old,))
    cur.execute("INSERT INTO case_search (case_id, text) VALUES (?, ?)", (case_id, text))
    rowid = cur.lastrowid
    cur.execute("INSERT INTO case_grams (rowid, grams) VALUES (?, ?)",
                (rowid, searching.grams(text)))
    cur.execute("UPDATE cases SET search_rowid = ? WHERE id = ?", (rowid, case_id))


def ensure_search_index(db: Database) -> None:
    """Rebuild both search indexes when they were made by older folding rules."""
    rows = db.query("SELECT value FROM meta WHERE key = 'search_index'")
    if rows and rows[0][0] == searching.INDEX_VERSION:
        # cheap signs (index lookups only) that the pointers went stale
        missing, newest_case, newest_entry = db.query(
            "SELECT (SELECT count(*) FROM cases WHERE search_rowid IS NULL), "
            "(SELECT max(search_rowid) FROM cases), (SELECT max(rowid) FROM case_search)")[0]
        if missing == 0 and newest_case == newest_entry:
            return
    with db.transaction() as cur:
        cur.execute("DELETE FROM case_search")
        cur.execute("DELETE FROM case_grams")
        cur.execute("UPDATE cases SET search_rowid = NULL")
        for case_id, text in cur.execute("SELECT id, search_text FROM cases").fetchall():
            index_text(cur, case_id, text)
        cur.execute("INSERT INTO meta (key, value) VALUES ('search_index', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (searching.INDEX_VERSION,))


SEARCH_WALK_ABOVE = 500   # hits; measured on 100,000 cases (benchmarks/bench_storage.py)


def _not_found() -> Refused:
    return Refused(_("No case with this id is visible to you. Check the id, or ask a "
                     "supervisor to share the case with you."))


class CaseRepository:
    def __init__(self, db: Database, audit: AuditLog, user: User, device: Device,
                 vocabulary: Vocabulary | None = None) -> None:
        self._db = db
        self._audit = audit
        self._user = user
        self._device = device
        self.search_walk_above = SEARCH_WALK_ABOVE
        if vocabulary is None:
            from screening_app.vocabulary import installed

            vocabulary = installed()
        self.vocabulary: Vocabulary = vocabulary

    # --- the validation layer: nothing is stored that it has not checked ----
    def _validate(self, check: Any, *args: Any, **kwargs: Any) -> None:
        try:
            check(*args, self.vocabulary, **kwargs)
        except Invalid as invalid:
            raise InvalidValue(invalid.problem) from None

    # --- access rules -------------------------------------------------------
    def _require_case_reader(self) -> None:
        if self._user.role is Role.ADMIN:
            raise Refused(_("Administrators manage users and cannot open cases. Sign in as "
                            "an officer or a supervisor."))

    def visibility(self) -> tuple[str, tuple[Any, ...]]:
        """SQL condition on alias `c` (a `cases` row) keeping what this user may see,
        with its values; other stores' queries over cases use it too (duplicates)."""
        self._require_case_reader()
        if self._user.role is Role.SUPERVISOR:
            return "1", ()
        return ("(c.created_by = ? OR EXISTS (SELECT 1 FROM case_shares s "
                "WHERE s.case_id = c.id AND s.user_name = ?))", (self._user.name,
                                                                 self._user.name))

    def _check_visible(self, cur: Any, case_id: str) -> None:
        where, params = self.visibility()
        row = cur.execute(f"SELECT 1 FROM cases c WHERE c.id = ? AND {where}",  # noqa: S608
                          (case_id, *params)).fetchone()
        if row is None:
            raise _not_found()

    # --- writes -------------------------------------------------------------
    def create(self, person: Person, consent: Consent, *, form_id: str | None = None,
               form_version: str | None = None, officer_language: str = "en",
               interviewee_language: str | None = None, note: str = "") -> Case:
        self._require_case_reader()
        now = datetime.now(UTC)
        with self._db.transaction() as cur:
            counter = int(cur.execute("SELECT value FROM meta WHERE key = 'case_counter'"
                                      ).fetchone()[0]) + 1
            case = Case(id=new_case_id(), reference=self._device.reference(counter),
                        created_by=self._user.name, created_at=now, updated_at=now,
                        person=person, consent=consent, form_id=form_id,
                        form_version=form_version, officer_language=officer_language,
                        interviewee_language=interviewee_language, note=note)
            self._validate(validation.check_case, case, deep=False)
            cur.execute("UPDATE meta SET value = ? WHERE key = 'case_counter'", (str(counter),))
            self._write(cur, case)
            self._audit.record(AuditAction.CREATE, case.id, {"reference": case.reference})
        return case

    def put(self, case: Case, *, action: str = AuditAction.IMPORT) -> None:
        """Store a complete case as it is (e.g. received in a packet), replacing
        any stored version with the same id. The caller decides about merging."""
        self._require_case_reader()
        self._validate(validation.check_case, case)
        with self._db.transaction() as cur:
            exists = cur.execute("SELECT 1 FROM cases WHERE id = ?", (case.id,)).fetchone()
            if exists:
                self._check_visible(cur, case.id)
                for table in ("answers", "outcomes", "referrals", "case_shares"):
                    cur.execute(f"DELETE FROM {table} WHERE case_id = ?",  # noqa: S608
                                (case.id,))
            self._write(cur, case, replace=bool(exists))
            for answer in case.answers.values():
                self._write_answer(cur, case.id, answer)
            for outcome in case.outcomes:
                cur.execute("INSERT INTO outcomes (case_id, computed_at, body) VALUES (?, ?, ?)",
                            (case.id, timestamp(outcome.computed_at), _json(outcome.to_dict())))
            for referral in case.referrals:
                self._write_referral(cur, referral)
            self._refresh_list_columns(cur, case.id)
            self._audit.record(action, case.id, {"reference": case.reference})

    def _write(self, cur: Any, case: Case, replace: bool = False) -> None:
        # An upsert, not REPLACE: REPLACE deletes the row first, and with it every
        # row of other components that refers to the case with ON DELETE CASCADE.
        conflict = (" ON CONFLICT (id) DO UPDATE SET "
                    + ", ".join(f"{c} = excluded.{c}" for c in _CASE_COLUMNS[1:])
                    if replace else "")
        outcome = case.outcome
        cur.execute(
            f"INSERT INTO cases ({', '.join(_CASE_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in _CASE_COLUMNS)}){conflict}",
            (case.id, case.reference, case.created_by, timestamp(case.created_at),
             timestamp(case.updated_at), case.status.value, int(case.draft),
             _json(case.person.to_dict()), _json(case.consent.to_dict()), case.form_id,
             case.form_version, case.officer_language, case.interviewee_language,
             None if case.decision is None else _json(case.decision.to_dict()), case.note,
             case.person.display_name, case.person.latin_name, case.person.first_citizenship(),
             case.person.gender.value, None if outcome is None else outcome.kind.value,
             int(bool(outcome and outcome.urgent)),
             case.referrals[-1].status.value if case.referrals else None,
             self._search_text(case.person, case.reference),
             *_standard_columns(case)))
        self._write_shares(cur, case.id, case.shared_with)
        self._index(cur, case.id, case.person, case.reference, case.created_at)

    @staticmethod
    def _search_text(person: Person, reference: str) -> str:
        # Family and given name also written together: Chinese names have no space.
        joined = person.family_name + person.given_name
        return searching.search_text(person.family_name, person.given_name, joined,
                                     person.latin_name, reference)

    def _index(self, cur: Any, case_id: str, person: Person, reference: str,
               created_at: datetime) -> None:
        index_text(cur, case_id, self._search_text(person, reference))
        duplicate_index.index_case(cur, case_id, person, created_at)

    @staticmethod
    def _write_shares(cur: Any, case_id: str, users: list[str]) -> None:
        cur.execute("DELETE FROM case_shares WHERE case_id = ?", (case_id,))
        cur.executemany("INSERT OR IGNORE INTO case_shares (case_id, user_name) VALUES (?, ?)",
                        [(case_id, name) for name in users])

    def update(self, case: Case) -> Case:
        """Save the profile, consent, status, note, draft flag, languages, form and
        sharing of `case` (answers, outcomes, decision and referrals have their own
        methods). Returns the case with its new `updated_at`."""
        self._validate(validation.check_case, case, deep=False)
        with self._db.transaction() as cur:
            self._check_visible(cur, case.id)
            old = self._load(cur, case.id)
            if case.shared_with != old.shared_with and self._user.role is not Role.SUPERVISOR \
                    and old.created_by != self._user.name:
                raise Refused(_("Only the officer who created a case or a supervisor can "
                                "change whom it is shared with."))
            changed = [name for name in ("person", "consent", "status", "note", "draft",
                                         "shared_with", "form_id", "form_version",
                                         "officer_language", "interviewee_language",
                                         "authority_decision")
                       if getattr(case, name) != getattr(old, name)]
            now = datetime.now(UTC)
            cur.execute(
                "UPDATE cases SET updated_at = ?, status = ?, draft = ?, person = ?, "
                "consent = ?, form_id = ?, form_version = ?, officer_language = ?, "
                "interviewee_language = ?, note = ?, display_name = ?, latin_name = ?, "
                "nationality = ?, gender = ?, search_text = ?, authority_decision = ? "
                "WHERE id = ?",
                (timestamp(now), case.status.value, int(case.draft),
                 _json(case.person.to_dict()), _json(case.consent.to_dict()), case.form_id,
                 case.form_version, case.officer_language, case.interviewee_language,
                 case.note, case.person.display_name, case.person.latin_name,
                 case.person.first_citizenship(), case.person.gender.value,
                 self._search_text(case.person, old.reference),
                 _standard_columns(case)[0], case.id))
            self._write_shares(cur, case.id, case.shared_with)
            index_text(cur, case.id, self._search_text(case.person, old.reference))
            if case.person != old.person:
                duplicate_index.index_case(cur, case.id, case.person, old.created_at)
            self._audit.record(AuditAction.UPDATE, case.id, {"fields": changed})
        case.updated_at = now
        return case

    def save_answer(self, case_id: str, answer: Answer) -> None:
        """Save one answer in its own commit (the latest answer per question wins)."""
        if answer.answered_by is None:
            answer.answered_by = self._user.name
        self._validate(validation.check_answer, answer)
        with self._db.transaction() as cur:
            self._check_visible(cur, case_id)
            self._write_answer(cur, case_id, answer)
            self._touch(cur, case_id)
            self._audit.record(AuditAction.UPDATE, case_id, {"answer": answer.question_id})

    @staticmethod
    def _write_answer(cur: Any, case_id: str, answer: Answer) -> None:
        cur.execute("INSERT INTO answers (case_id, question_id, value, answered_at, answered_by)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, question_id) DO UPDATE SET "
                    "value = excluded.value, answered_at = excluded.answered_at, "
                    "answered_by = excluded.answered_by",
                    (case_id, answer.question_id, _json(answer.value),
                     timestamp(answer.answered_at), answer.answered_by))

    @staticmethod
    def _touch(cur: Any, case_id: str) -> None:
        cur.execute("UPDATE cases SET updated_at = ? WHERE id = ?",
                    (timestamp(datetime.now(UTC)), case_id))

    def add_outcome(self, case_id: str, outcome: Outcome) -> None:
        self._validate(validation.check_outcome, outcome)
        with self._db.transaction() as cur:
            self._check_visible(cur, case_id)
            cur.execute("INSERT INTO outcomes (case_id, computed_at, body) VALUES (?, ?, ?)",
                        (case_id, timestamp(outcome.computed_at), _json(outcome.to_dict())))
            self._refresh_list_columns(cur, case_id)
            self._touch(cur, case_id)
            self._audit.record(AuditAction.OUTCOME, case_id,
                               {"outcome": outcome.kind.value, "urgent": outcome.urgent,
                                "rule_set": outcome.rule_set})

    def set_decision(self, case_id: str, decision: OfficerDecision) -> None:
        if decision.overridden and not (decision.reason or "").strip():
            raise Refused(_("Overriding the suggested outcome needs a reason. Nothing was "
                            "saved; write the reason and confirm again."))
        self._validate(validation.check_decision, decision)
        with self._db.transaction() as cur:
            self._check_visible(cur, case_id)
            cur.execute("UPDATE cases SET decision = ? WHERE id = ?",
                        (_json(decision.to_dict()), case_id))
            self._touch(cur, case_id)
            self._audit.record(AuditAction.DECISION, case_id,
                               {"suggested": decision.suggested.value,
                                "decided": decision.decided.value,
                                "overridden": decision.overridden})

    def save_referral(self, referral: Referral) -> None:
        self._validate(validation.check_referral, referral)
        with self._db.transaction() as cur:
            self._check_visible(cur, referral.case_id)
            self._write_referral(cur, referral)
            self._refresh_list_columns(cur, referral.case_id)
            self._touch(cur, referral.case_id)
            self._audit.record(AuditAction.REFERRAL, referral.case_id,
                               {"referral": referral.id, "agency": referral.agency_id,
                                "status": referral.status.value})

    @staticmethod
    def _write_referral(cur: Any, referral: Referral) -> None:
        cur.execute("INSERT INTO referrals (id, case_id, agency_id, status, created_at, body) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "agency_id = excluded.agency_id, status = excluded.status, "
                    "body = excluded.body",
                    (referral.id, referral.case_id, referral.agency_id, referral.status.value,
                     timestamp(referral.created_at), _json(referral.to_dict())))

    @staticmethod
    def _refresh_list_columns(cur: Any, case_id: str) -> None:
        last = cur.execute("SELECT body FROM outcomes WHERE case_id = ? ORDER BY seq DESC "
                           "LIMIT 1", (case_id,)).fetchone()
        kind, urgent = None, 0
        if last is not None:
            body = json.loads(last[0])
            kind, urgent = body["outcome"], int(bool(body.get("urgent")))
        ref = cur.execute("SELECT status FROM referrals WHERE case_id = ? ORDER BY created_at "
                          "DESC, rowid DESC LIMIT 1", (case_id,)).fetchone()
        cur.execute("UPDATE cases SET outcome_kind = ?, urgent = ?, referral_state = ? "
                    "WHERE id = ?", (kind, urgent, None if ref is None else ref[0], case_id))

    # --- reads --------------------------------------------------------------
    def get(self, case_id: str) -> Case:
        """The whole case; recorded in the audit log as a view."""
        with self._db.transaction() as cur:
            self._check_visible(cur, case_id)
            case = self._load(cur, case_id)
            self._audit.record(AuditAction.VIEW, case_id)
        return case

    def id_of(self, id_or_reference: str) -> str:
        """The id of a visible case given its id or its reference (any letter case)."""
        where, params = self.visibility()
        rows = self._db.query(
            f"SELECT c.id FROM cases c WHERE (c.id = ? OR c.reference = ?) AND {where}",  # noqa: S608
            (id_or_reference.strip().lower(), id_or_reference.strip().upper(), *params))
        if not rows:
            raise _not_found()
        return str(rows[0][0])

    def visible_ids(self, ids: set[str] | builtins.list[str]) -> set[str]:
        """Which of `ids` this user may see (one query; for lists of other cases)."""
        ids = set(ids)
        if not ids:
            return set()
        where, params = self.visibility()
        marks = ", ".join("?" for _ in ids)
        rows = self._db.query(f"SELECT c.id FROM cases c WHERE c.id IN ({marks}) AND {where}",  # noqa: S608
                              (*ids, *params))
        return {str(r[0]) for r in rows}

    def exists(self, case_id: str) -> bool:
        """Whether a case with this id is stored at all (for packet import)."""
        return bool(self._db.query("SELECT 1 FROM cases WHERE id = ?", (case_id,)))

    def _load(self, cur: Any, case_id: str) -> Case:
        row = cur.execute(
            "SELECT id, reference, created_by, created_at, updated_at, status, draft, person, "
            "consent, form_id, form_version, officer_language, interviewee_language, decision, "
            "note, authority_decision, incoming_referral FROM cases WHERE id = ?",
            (case_id,)).fetchone()
        if row is None:
            raise _not_found()
        case = Case(id=row[0], reference=row[1], created_by=row[2], created_at=_parse(row[3]),
                    updated_at=_parse(row[4]), status=CaseStatus(row[5]), draft=bool(row[6]),
                    person=Person.from_dict(json.loads(row[7])),
                    consent=Consent.from_dict(json.loads(row[8])), form_id=row[9],
                    form_version=row[10], officer_language=row[11],
                    interviewee_language=row[12],
                    decision=None if row[13] is None else OfficerDecision.from_dict(
                        json.loads(row[13])),
                    note=row[14],
                    authority_decision=None if row[15] is None
                    else AuthorityDecision.from_dict(json.loads(row[15])),
                    incoming_referral=None if row[16] is None
                    else IncomingReferral.from_dict(json.loads(row[16])))
        for qid, value, at, by in cur.execute(
                "SELECT question_id, value, answered_at, answered_by FROM answers "
                "WHERE case_id = ? ORDER BY answered_at", (case_id,)).fetchall():
            case.answers[qid] = Answer(question_id=qid, value=json.loads(value),
                                       answered_at=_parse(at), answered_by=by)
        case.outcomes = [Outcome.from_dict(json.loads(body)) for (body,) in cur.execute(
            "SELECT body FROM outcomes WHERE case_id = ? ORDER BY seq", (case_id,)).fetchall()]
        case.referrals = [Referral.from_dict(json.loads(body)) for (body,) in cur.execute(
            "SELECT body FROM referrals WHERE case_id = ? ORDER BY created_at, rowid",
            (case_id,)).fetchall()]
        case.shared_with = [name for (name,) in cur.execute(
            "SELECT user_name FROM case_shares WHERE case_id = ? ORDER BY user_name",
            (case_id,)).fetchall()]
        return case

    def _where(self, filters: CaseFilter | None,
               visibility: bool = True) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        values: list[Any] = []
        if visibility:
            where, params = self.visibility()
            clauses, values = [where], list(params)
        f = filters or CaseFilter()
        if f.status is not None:
            clauses.append("c.status = ?")
            values.append(CaseStatus(f.status).value)
        if f.outcome is not None:
            clauses.append("c.outcome_kind = ?")
            values.append(OutcomeKind(f.outcome).value)
        if f.referral_state is not None:
            clauses.append("c.referral_state = ?")
            values.append(ReferralStatus(f.referral_state).value)
        if f.draft is not None:
            clauses.append("c.draft = ?")
            values.append(int(f.draft))
        if f.urgent is not None:
            clauses.append("c.urgent = ?")
            values.append(int(f.urgent))
        if f.created_by is not None:
            clauses.append("c.created_by = ?")
            values.append(f.created_by)
        period, bounds = period_clauses("c.created_at", f.created_from, f.created_to)
        return clauses + period, values + bounds

    def list(self, offset: int = 0, limit: int = 100, sort: str = "updated_at",
             descending: bool = True, filters: CaseFilter | None = None,
             after: CaseSummary | None = None) -> list[CaseSummary]:
        """One page of the case list. `after` (the last row of the previous page)
        continues where that page ended: constant time per page, where OFFSET
        walks every earlier row (1 s a page near the end of 100,000 cases)."""
        if sort not in SORTABLE:
            raise ValueError(f"cannot sort by {sort!r}")
        clauses, values = self._where(filters)
        column = SORTABLE[sort]
        if after is not None:
            # rows after (value, id) in "ORDER BY column <dir>, c.id"; the first
            # term is a range the column's index can serve
            op = "<" if descending else ">"
            boundary = _sort_value(after, sort)
            clauses.append(f"{column} {op}= ? AND ({column} {op} ? OR c.id > ?)")
            values += [boundary, boundary, after.id]
        order = f"{column} {'DESC' if descending else 'ASC'}, c.id"
        sql = (f"SELECT {_SUMMARY_COLUMNS} FROM cases c WHERE {' AND '.join(clauses)} "  # noqa: S608
               f"ORDER BY {order} LIMIT ? OFFSET ?")
        return [_summary(r) for r in self._db.query(sql, (*values, int(limit), int(offset)))]

    def count(self, filters: CaseFilter | None = None) -> int:
        clauses, values = self._where(filters)
        if self._user.role is Role.SUPERVISOR:
            sql = f"SELECT count(*) FROM cases c WHERE {' AND '.join(clauses)}"  # noqa: S608
            return int(self._db.query(sql, tuple(values))[0][0])
        # An officer's cases plus those shared with them, counted apart: the
        # combined OR condition read every row of the table (1.2 s at 100,000
        # cases) where "created_by = ?" is answered from the owner index.
        rest, rest_values = self._where(filters, visibility=False)
        own = " AND ".join(["c.created_by = ?", *rest])
        shared = " AND ".join(["s.user_name = ?", "c.created_by != ?", *rest])
        sql = (f"SELECT (SELECT count(*) FROM cases c WHERE {own}) + "  # noqa: S608
               f"(SELECT count(*) FROM case_shares s JOIN cases c ON c.id = s.case_id "
               f"WHERE {shared})")
        name = self._user.name
        return int(self._db.query(sql, (name, *rest_values, name, name, *rest_values))[0][0])

    def search(self, text: str, limit: int = 50,
               filters: CaseFilter | None = None) -> builtins.list[CaseSummary]:
        """Cases whose names (any script, with or without diacritics) or reference
        contain every term of `text`; newest first."""
        if not searching.terms(text):
            return self.list(limit=limit, filters=filters)
        statement = self.search_statement(text, limit, filters)
        if statement is None:
            return []
        return [_summary(r) for r in self._db.query(*statement)]

    def search_statement(self, text: str, limit: int = 50, filters: CaseFilter | None = None
                         ) -> tuple[str, tuple[Any, ...]] | None:
        """The statement `search` runs for `text` after counting the hits of each
        index (None when one has none). Benchmarks replay it on plain sqlite3."""
        clauses, values = self._where(filters)
        words = searching.terms(text)
        long_terms = [t for t in words if len(t) >= searching.MIN_TRIGRAM]
        short_terms = [t for t in words if len(t) < searching.MIN_TRIGRAM]
        matches = []
        if long_terms:    # trigram index: substrings of three characters or more
            matches.append(("SELECT rowid FROM case_search WHERE case_search MATCH ?",
                            " AND ".join(searching.fts_phrase(t) for t in long_terms)))
        if short_terms:   # one- and two-character substrings
            matches.append(("SELECT rowid FROM case_grams WHERE case_grams MATCH ?",
                            " AND ".join(searching.fts_phrase(t) for t in short_terms)))
        hits = min(int(self._db.query(f"SELECT count(*) FROM ({sql})", (param,))[0][0])  # noqa: S608
                   for sql, param in matches)
        if hits == 0:
            return None
        # Few hits: look each one up. Many hits: walk the newest cases in a narrow
        # index and keep those that are hits, stopping at `limit` ('+' stops SQLite
        # from looking the hits up instead).
        walk = hits > self.search_walk_above
        for sql, param in matches:
            clauses.append(f"{'+' if walk else ''}c.search_rowid IN ({sql})")
            values.append(param)
        indexed = "INDEXED BY cases_search_order" if walk else ""
        sql = (f"SELECT {_SUMMARY_COLUMNS} FROM cases c WHERE c.id IN ("  # noqa: S608
               f"SELECT c.id FROM cases c {indexed} WHERE {' AND '.join(clauses)} "
               "ORDER BY c.updated_at DESC, c.id LIMIT ?) ORDER BY c.updated_at DESC, c.id")
        return sql, (*values, int(limit))
