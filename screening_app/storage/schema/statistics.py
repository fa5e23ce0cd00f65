"""Statistics (issue 12): one narrow row of category codes per case, kept in step with
`cases` and `outcomes` by triggers, so counting 100,000 cases reads a few megabytes
instead of every case's JSON (storage/statistics.py; codes: statistics/variables.py).

Columns: created_at (for the period), month, age band at the interview, gender,
gender group, nationality (first citizenship, '' when none), outcome (the officer's
decision, else the suggestion, else 'not_screened'), exploitation (labour, sexual,
both, not_stated, not_screened), referral (none, printed, awaiting_receipt,
receipt_received), received ('yes' when the case came by packet), agency (who
referred it here), dimensions ('|a|b|': the indicator dimensions the latest
outcome found), rule set and version of the latest outcome, and the form (id and
version) the case was taken with.

Migrations are assembled from the constants below: released text, never edit them
(a change is a new migration).

Migration 2: the triggers delete the case's row and insert it again instead of
`INSERT OR REPLACE`. SQLite lets the statement that fires a trigger impose its own
conflict policy on the trigger's statements: the repository's upsert of a case
(`INSERT ... ON CONFLICT (id) DO UPDATE`) turned the trigger's REPLACE into an abort
("UNIQUE constraint failed"), and an `INSERT OR IGNORE` would have left the row
stale without a word. A delete and a plain insert have no conflict to resolve.
"""

COMPONENT = "statistics"

# The latest outcome of case `{case}` (a column reference).
_LATEST = "(SELECT o.body FROM outcomes o WHERE o.case_id = {case} ORDER BY o.seq DESC LIMIT 1)"
_EXPLOITATION = (
    "CASE WHEN {case_row}.outcome_kind IS NULL THEN 'not_screened' "
    "WHEN json_extract({body}, '$.extra.exploitation_basis') = 'stated' "
    "AND json_array_length({body}, '$.extra.exploitation') = 1 "
    "THEN json_extract({body}, '$.extra.exploitation[0]') "
    "WHEN json_extract({body}, '$.extra.exploitation_basis') = 'stated' "
    "AND json_array_length({body}, '$.extra.exploitation') = 2 THEN 'both' "
    "ELSE 'not_stated' END")
_DIMENSIONS = ("coalesce((SELECT '|' || group_concat(d.key, '|') || '|' FROM "
               "json_each({body}, '$.dimensions') d WHERE json_extract(d.value, '$.positive')),"
               " '')")
_AGE = ("CASE WHEN json_extract({c}.person, '$.birth_date') IS NOT NULL THEN "
        "CAST(substr({c}.created_at, 1, 4) AS INTEGER) - "
        "CAST(substr(json_extract({c}.person, '$.birth_date'), 1, 4) AS INTEGER) - "
        "(substr({c}.created_at, 6, 5) < substr(json_extract({c}.person, '$.birth_date'), 6, 5))"
        " ELSE json_extract({c}.person, '$.estimated_age') END")
_AGE_BAND = ("CASE WHEN ({age}) IS NULL OR ({age}) < 0 THEN 'unknown' "
             "WHEN ({age}) <= 11 THEN '0-11' WHEN ({age}) <= 17 THEN '12-17' "
             "WHEN ({age}) <= 24 THEN '18-24' WHEN ({age}) <= 34 THEN '25-34' "
             "WHEN ({age}) <= 49 THEN '35-49' ELSE '50+' END")
_REFERRAL = ("CASE {c}.referral_state WHEN 'printed' THEN 'printed' "
             "WHEN 'exported' THEN 'awaiting_receipt' WHEN 'sent' THEN 'awaiting_receipt' "
             "WHEN 'received' THEN 'receipt_received' ELSE 'none' END")


def _row(c: str) -> str:
    """The statistics row of the cases row `c` (new, or a table alias)."""
    body = _LATEST.format(case=f"{c}.id")
    return (
        f"SELECT {c}.id, {c}.created_at, substr({c}.created_at, 1, 7), "
        + _AGE_BAND.format(age=_AGE.format(c=c)) + ", "
        f"{c}.gender, CASE WHEN {c}.gender IN ('Feminine', 'Masculine') THEN {c}.gender "
        "ELSE 'other' END, "
        f"coalesce({c}.nationality, ''), "
        f"CASE WHEN {c}.outcome_kind IS NULL THEN 'not_screened' "
        f"ELSE coalesce(json_extract({c}.decision, '$.decided'), {c}.outcome_kind) END, "
        + _EXPLOITATION.format(case_row=c, body=body) + ", "
        + _REFERRAL.format(c=c) + ", "
        f"CASE WHEN {c}.incoming_referral IS NULL THEN 'no' ELSE 'yes' END, "
        f"json_extract({c}.incoming_referral, '$.referring_agency'), "
        + _DIMENSIONS.format(body=body) + ", "
        f"coalesce(json_extract({body}, '$.rule_set'), ''), "
        f"coalesce(json_extract({body}, '$.rule_set_version'), ''), "
        f"trim(coalesce({c}.form_id, '') || ' ' || coalesce({c}.form_version, ''))")


def _trigger(name: str, event: str, case: str, row: str) -> str:
    """A trigger that writes the statistics row of case `case` again: its old row
    deleted, then `row` (a SELECT of the columns) inserted."""
    body = (f"DELETE FROM statistics_cases WHERE case_id = {case}; "  # noqa: S608
            f"INSERT INTO statistics_cases ({_COLUMNS}) {row};")
    return f"CREATE TRIGGER {name} AFTER {event} BEGIN {body} END;\n"


_COLUMNS = ("case_id, created_at, month, age, gender, gender_group, nationality, outcome, "
            "exploitation, referral, received, agency, dimensions, rule_set, rule_set_version, "
            "form")
_WATCHED = ("person, created_at, gender, nationality, outcome_kind, decision, referral_state, "
            "incoming_referral, form_id, form_version")

MIGRATIONS: list[str] = [
    # 1: one row of codes per case, kept by triggers
    # rows kept in order of creation (the period is a range of this key), one per case
    "CREATE TABLE statistics_cases ("
    " case_id TEXT NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,"
    " created_at TEXT NOT NULL, month TEXT NOT NULL, age TEXT NOT NULL,"
    " gender TEXT NOT NULL, gender_group TEXT NOT NULL, nationality TEXT NOT NULL,"
    " outcome TEXT NOT NULL, exploitation TEXT NOT NULL, referral TEXT NOT NULL,"
    " received TEXT NOT NULL, agency TEXT, dimensions TEXT NOT NULL,"
    " rule_set TEXT NOT NULL, rule_set_version TEXT NOT NULL, form TEXT NOT NULL,"
    " PRIMARY KEY (created_at, case_id)) WITHOUT ROWID;\n"
    f"INSERT INTO statistics_cases ({_COLUMNS}) " + _row("c") + " FROM cases c;\n"
    "CREATE TRIGGER statistics_case_added AFTER INSERT ON cases BEGIN "
    f"INSERT OR REPLACE INTO statistics_cases ({_COLUMNS}) " + _row("new") + "; END;\n"
    f"CREATE TRIGGER statistics_case_changed AFTER UPDATE OF {_WATCHED} ON cases BEGIN "
    f"INSERT OR REPLACE INTO statistics_cases ({_COLUMNS}) " + _row("c")
    + " FROM cases c WHERE c.id = new.id; END;\n"
    "CREATE TRIGGER statistics_outcome_added AFTER INSERT ON outcomes BEGIN "
    f"INSERT OR REPLACE INTO statistics_cases ({_COLUMNS}) " + _row("c")
    + " FROM cases c WHERE c.id = new.case_id; END;\n"
    "CREATE TRIGGER statistics_outcome_removed AFTER DELETE ON outcomes BEGIN "
    f"INSERT OR REPLACE INTO statistics_cases ({_COLUMNS}) " + _row("c")
    + " FROM cases c WHERE c.id = old.case_id; END;\n",
    # 2: the same triggers without a conflict policy (see the module's docstring)
    "DROP TRIGGER statistics_case_added;\n"
    "DROP TRIGGER statistics_case_changed;\n"
    "DROP TRIGGER statistics_outcome_added;\n"
    "DROP TRIGGER statistics_outcome_removed;\n"
    + _trigger("statistics_case_added", "INSERT ON cases", "new.id", _row("new"))
    + _trigger("statistics_case_changed", f"UPDATE OF {_WATCHED} ON cases", "new.id",
               _row("c") + " FROM cases c WHERE c.id = new.id")
    + _trigger("statistics_outcome_added", "INSERT ON outcomes", "new.case_id",
               _row("c") + " FROM cases c WHERE c.id = new.case_id")
    + _trigger("statistics_outcome_removed", "DELETE ON outcomes", "old.case_id",
               _row("c") + " FROM cases c WHERE c.id = old.case_id"),
]
