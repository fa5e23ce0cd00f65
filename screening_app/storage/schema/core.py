"""Core tables: installation facts, users, cases, answers, outcomes, referrals,
settings, search index and the audit log."""

COMPONENT = "core"

MIGRATIONS: list[str] = [
    # 1: first schema
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE users (
        name       TEXT PRIMARY KEY,
        role       TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
        disabled   INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        language   TEXT NOT NULL DEFAULT 'en'
    );
    CREATE TABLE cases (
        id                   TEXT PRIMARY KEY,
        reference            TEXT NOT NULL UNIQUE,
        created_by           TEXT NOT NULL,
        created_at           TEXT NOT NULL,
        updated_at           TEXT NOT NULL,
        status               TEXT NOT NULL,
        draft                INTEGER NOT NULL DEFAULT 1,
        person               TEXT NOT NULL,      -- JSON (domain.Person)
        consent              TEXT NOT NULL,      -- JSON (domain.Consent)
        form_id              TEXT,
        form_version         TEXT,
        officer_language     TEXT NOT NULL DEFAULT 'en',
        interviewee_language TEXT,
        decision             TEXT,               -- JSON (domain.OfficerDecision)
        note                 TEXT NOT NULL DEFAULT '',
        -- columns of the case list, kept in step with the JSON above
        display_name         TEXT NOT NULL DEFAULT '',
        latin_name           TEXT NOT NULL DEFAULT '',
        nationality          TEXT,
        gender               TEXT NOT NULL DEFAULT 'Unknown',
        outcome_kind         TEXT,
        urgent               INTEGER NOT NULL DEFAULT 0,
        referral_state       TEXT,
        search_text          TEXT NOT NULL DEFAULT ''   -- folded names + reference
    );
    CREATE INDEX cases_updated ON cases (updated_at);
    CREATE INDEX cases_created ON cases (created_at);
    CREATE INDEX cases_owner ON cases (created_by, updated_at);
    CREATE INDEX cases_status ON cases (status, updated_at);
    CREATE TABLE case_shares (
        case_id   TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        user_name TEXT NOT NULL,
        PRIMARY KEY (case_id, user_name)
    );
    CREATE INDEX case_shares_user ON case_shares (user_name);
    CREATE TABLE answers (
        case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value       TEXT NOT NULL,                -- JSON
        answered_at TEXT NOT NULL,
        answered_by TEXT,
        PRIMARY KEY (case_id, question_id)
    );
    CREATE TABLE outcomes (
        seq         INTEGER PRIMARY KEY,
        case_id     TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        computed_at TEXT NOT NULL,
        body        TEXT NOT NULL                 -- JSON (domain.Outcome)
    );
    CREATE INDEX outcomes_case ON outcomes (case_id, seq);
    CREATE TABLE referrals (
        id         TEXT PRIMARY KEY,
        case_id    TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        agency_id  TEXT NOT NULL,
        status     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body       TEXT NOT NULL                  -- JSON (domain.Referral)
    );
    CREATE INDEX referrals_case ON referrals (case_id, created_at);
    CREATE TABLE settings (
        scope TEXT NOT NULL,                      -- 'device' or 'user:<name>'
        key   TEXT NOT NULL,
        value TEXT NOT NULL,                      -- JSON
        PRIMARY KEY (scope, key)
    );
    CREATE VIRTUAL TABLE case_search USING fts5 (
        case_id UNINDEXED, text, tokenize = 'trigram'
    );
    CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT,
        action    TEXT NOT NULL,
        case_id   TEXT,
        detail    TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
    );
    CREATE INDEX audit_case ON audit_log (case_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;
    """,
    # 2: a narrow index that answers "which visible cases, newest first" without
    # reading the wide rows (search hits, counts, officers' visibility)
    """
    CREATE INDEX cases_recent ON cases (id, updated_at, created_by);
    """,
    # 3: one- and two-character substrings of the folded names, for search terms
    # too short for trigrams (filled from Python: storage.cases.ensure_search_index)
    """
    CREATE VIRTUAL TABLE case_grams USING fts5 (
        grams, content = '', contentless_delete = 1,
        tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
    );
    """,
    # 4: each case points at its entry in both search indexes (the FTS rowid), so
    # updating a case never scans an index; the cases table's own rowid is not
    # stable across VACUUM, the FTS rowids are
    """
    ALTER TABLE cases ADD COLUMN search_rowid INTEGER;
    CREATE UNIQUE INDEX cases_search_rowid ON cases (search_rowid);
    """,
    # 5: walk the newest cases first, probing the search hits, without reading rows
    """
    CREATE INDEX cases_search_order ON cases (updated_at, search_rowid, created_by, id);
    """,
    # 6: the few-hits search path looks each hit up by search_rowid and reads its
    # order and visibility from this index alone; only the rows shown are read
    # from the table (a name matching 2,000 of 100,000: 20-40 ms -> 2-8 ms).
    """
    CREATE INDEX cases_search_row ON cases (search_rowid, updated_at, created_by, id);
    """,
    # 7: HTCDS 2.0 (docs/packet-format.md). Gender takes the 2.0 values (Male ->
    # Masculine, Female -> Feminine, Transgender/NonConforming and Unknown ->
    # NonSpecifiedUnknown: the old value names three 2.0 values, it cannot be split);
    # the one nationality becomes the citizenship list (the `nationality` column keeps
    # the first citizenship, for the case list). The installation's pre-2.0 agency
    # type becomes org_Type and/or the project's service extension. Two new columns
    # hold a competent authority's decision and how a case came here by packet.
    """
    UPDATE cases SET
      person = json_set(json_remove(person, '$.nationality'),
        '$.gender', CASE json_extract(person, '$.gender')
          WHEN 'Male' THEN 'Masculine' WHEN 'Female' THEN 'Feminine'
          WHEN 'Transgender/NonConforming' THEN 'NonSpecifiedUnknown'
          WHEN 'Unknown' THEN 'NonSpecifiedUnknown' ELSE json_extract(person, '$.gender') END,
        '$.citizenship', CASE WHEN coalesce(json_extract(person, '$.nationality'), '') = ''
          THEN json('[]') ELSE json_array(json_extract(person, '$.nationality')) END)
    WHERE json_type(person, '$.citizenship') IS NULL;
    UPDATE cases SET gender = CASE gender
        WHEN 'Male' THEN 'Masculine' WHEN 'Female' THEN 'Feminine'
        WHEN 'Transgender/NonConforming' THEN 'NonSpecifiedUnknown'
        WHEN 'Unknown' THEN 'NonSpecifiedUnknown' ELSE gender END;
    INSERT OR REPLACE INTO meta (key, value)
      SELECT 'agency_service', value FROM meta WHERE key = 'agency_type'
      AND value IN ('SocialService', 'Shelter', 'Embassy', 'InternationalOrganisation');
    UPDATE meta SET value = 'CentralGovernmentOrganisation'
      WHERE key = 'agency_type' AND value = 'Embassy';
    DELETE FROM meta WHERE key = 'agency_type'
      AND value IN ('SocialService', 'Shelter', 'InternationalOrganisation', 'Other');
    ALTER TABLE cases ADD COLUMN authority_decision TEXT;   -- JSON (domain.AuthorityDecision)
    ALTER TABLE cases ADD COLUMN incoming_referral TEXT;    -- JSON (domain.IncomingReferral)
    """,
]
