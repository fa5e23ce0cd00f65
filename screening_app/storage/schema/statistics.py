"""Statistics (issue 12): what the latest outcome of each case says, in a narrow
table kept by triggers on `outcomes`, so counting 100,000 cases never reads the
outcomes' JSON bodies (storage/statistics.py).

`exploitation` is the exploitation the screening was told (labour, sexual, both)
or "not_stated" (the engine then scored both); `dimensions` the JSON array of the
indicator dimensions found positive; rule set and version for the methods page.
"""

COMPONENT = "statistics"

MIGRATIONS: list[str] = [
    # 1: the latest outcome of each case, kept in step with `outcomes` by triggers
    """
    CREATE TABLE statistics_outcomes (
        case_id          TEXT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
        seq              INTEGER NOT NULL,
        exploitation     TEXT NOT NULL,
        dimensions       TEXT NOT NULL,
        rule_set         TEXT NOT NULL,
        rule_set_version TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO statistics_outcomes
    SELECT o.case_id, o.seq,
      CASE WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 1
             THEN json_extract(o.body, '$.extra.exploitation[0]')
           WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 2 THEN 'both'
           ELSE 'not_stated' END,
      (SELECT coalesce(json_group_array(d.key), '[]') FROM json_each(o.body, '$.dimensions') d
        WHERE json_extract(d.value, '$.positive')),
      coalesce(json_extract(o.body, '$.rule_set'), ''),
      coalesce(json_extract(o.body, '$.rule_set_version'), '')
    FROM outcomes o
      WHERE o.seq = (SELECT max(x.seq) FROM outcomes x WHERE x.case_id = o.case_id);
    CREATE TRIGGER statistics_outcome_added AFTER INSERT ON outcomes
    WHEN NOT EXISTS (SELECT 1 FROM statistics_outcomes s
                     WHERE s.case_id = new.case_id AND s.seq > new.seq)
    BEGIN
      INSERT OR REPLACE INTO statistics_outcomes
    SELECT o.case_id, o.seq,
      CASE WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 1
             THEN json_extract(o.body, '$.extra.exploitation[0]')
           WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 2 THEN 'both'
           ELSE 'not_stated' END,
      (SELECT coalesce(json_group_array(d.key), '[]') FROM json_each(o.body, '$.dimensions') d
        WHERE json_extract(d.value, '$.positive')),
      coalesce(json_extract(o.body, '$.rule_set'), ''),
      coalesce(json_extract(o.body, '$.rule_set_version'), '')
    FROM outcomes o WHERE o.seq = new.seq;
    END;
    CREATE TRIGGER statistics_outcome_removed AFTER DELETE ON outcomes
    BEGIN
      DELETE FROM statistics_outcomes WHERE case_id = old.case_id AND seq = old.seq;
      INSERT OR REPLACE INTO statistics_outcomes
    SELECT o.case_id, o.seq,
      CASE WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 1
             THEN json_extract(o.body, '$.extra.exploitation[0]')
           WHEN json_extract(o.body, '$.extra.exploitation_basis') = 'stated'
                AND json_array_length(o.body, '$.extra.exploitation') = 2 THEN 'both'
           ELSE 'not_stated' END,
      (SELECT coalesce(json_group_array(d.key), '[]') FROM json_each(o.body, '$.dimensions') d
        WHERE json_extract(d.value, '$.positive')),
      coalesce(json_extract(o.body, '$.rule_set'), ''),
      coalesce(json_extract(o.body, '$.rule_set_version'), '')
    FROM outcomes o
        WHERE o.seq = (SELECT max(x.seq) FROM outcomes x WHERE x.case_id = old.case_id);
    END;
    """,
]
