"""The schema, as forward migrations. ``PRAGMA user_version`` = number of migrations applied.

Never edit a released migration: append a new one. Each runs inside the caller's write
transaction, so a failed migration leaves the file at the previous version.
"""

import sqlite3

V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE users (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin')),
    team TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);

CREATE TABLE stages (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost')),
    default_probability REAL NOT NULL CHECK (default_probability BETWEEN 0 AND 1),
    rot_days INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);

CREATE TABLE segments (key TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE offers (
    key TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE accounts (
    name TEXT PRIMARY KEY,
    sector TEXT,
    segment TEXT
);

CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    external_id TEXT,
    source TEXT NOT NULL DEFAULT 'pilot',
    name TEXT NOT NULL,
    account TEXT,
    owner TEXT NOT NULL REFERENCES users(login),
    segment TEXT,
    offer TEXT,
    amount_minor INTEGER,
    currency TEXT NOT NULL DEFAULT 'EUR',
    stage TEXT NOT NULL REFERENCES stages(key),
    probability REAL,
    forecast_category TEXT,
    created_on TEXT NOT NULL,
    expected_close TEXT,
    closed_on TEXT,
    next_step TEXT,
    next_step_due TEXT,
    lost_reason TEXT,
    snoozed_until TEXT,
    snooze_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT,
    UNIQUE (source, external_id)
);
CREATE INDEX deals_owner ON deals(owner);
CREATE INDEX deals_stage ON deals(stage);
CREATE INDEX deals_expected_close ON deals(expected_close);

CREATE TABLE stage_changes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT
);
CREATE INDEX stage_changes_deal ON stage_changes(deal_id, at);

CREATE TABLE close_date_changes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    old TEXT,
    new TEXT,
    at TEXT NOT NULL,
    by TEXT
);
CREATE INDEX close_date_changes_deal ON close_date_changes(deal_id, at);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    owner TEXT NOT NULL REFERENCES users(login),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    due TEXT,
    done_at TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    origin_ritual INTEGER,
    finding TEXT,
    playbook TEXT,
    created_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);
CREATE INDEX activities_owner ON activities(owner, status, due);
CREATE INDEX activities_deal ON activities(deal_id);

CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    owner TEXT REFERENCES users(login),
    team TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('outcome', 'means', 'quality', 'predictive')),
    metric TEXT NOT NULL,
    target REAL NOT NULL,
    period TEXT NOT NULL,
    rationale TEXT,
    smart_check_json TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);
CREATE INDEX objectives_period ON objectives(period, kind, metric);

CREATE TABLE kpi_selection (
    team TEXT NOT NULL,
    kpi TEXT NOT NULL,
    position INTEGER NOT NULL,
    why TEXT,
    PRIMARY KEY (team, kpi)
);

CREATE TABLE ritual_runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    facilitator TEXT NOT NULL REFERENCES users(login),
    subject TEXT,
    minutes_md TEXT,
    snapshot_json TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);

CREATE TABLE ritual_items (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES ritual_runs(id) ON DELETE CASCADE,
    step TEXT NOT NULL,
    subject TEXT,
    decision TEXT,
    note TEXT
);

CREATE TABLE coaching_notes (
    id INTEGER PRIMARY KEY,
    rep TEXT NOT NULL REFERENCES users(login),
    author TEXT NOT NULL REFERENCES users(login),
    at TEXT NOT NULL,
    body TEXT NOT NULL,
    private INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

V2_RITUALS = """
ALTER TABLE activities ADD COLUMN status_reason TEXT;
ALTER TABLE ritual_runs ADD COLUMN status TEXT NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'paused', 'finished'));
ALTER TABLE ritual_runs ADD COLUMN step_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ritual_runs ADD COLUMN step_started_at TEXT;
ALTER TABLE ritual_runs ADD COLUMN timing_json TEXT;
ALTER TABLE ritual_runs ADD COLUMN attendees_json TEXT;
ALTER TABLE ritual_items ADD COLUMN at TEXT;
CREATE INDEX ritual_runs_kind ON ritual_runs(kind, subject, started_at);
CREATE INDEX ritual_items_run ON ritual_items(run_id, step);
CREATE INDEX activities_origin ON activities(origin_ritual);
CREATE INDEX coaching_notes_rep ON coaching_notes(rep, at);
"""
"""Rituals: why an action was dropped or rescheduled; a run's state (running / paused /
finished, current step, seconds spent per step) so it survives a restart; attendees; when an
item was recorded."""

V3_AS_OF = """
CREATE TABLE field_changes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (field IN ('amount_minor', 'owner')),
    old,
    new,
    at TEXT NOT NULL,
    by TEXT
);
CREATE INDEX field_changes_deal ON field_changes(deal_id, field, at);
ALTER TABLE deals ADD COLUMN created_known INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
UPDATE users SET deactivated_at = coalesce(updated_at, '')
WHERE active = 0 AND EXISTS (
    SELECT 1 FROM audit a
    WHERE a.entity = 'users' AND a.entity_id = users.login AND a.op = 'update'
    AND json_extract(a.after_json, '$.active') = 0
    AND json_extract(a.before_json, '$.active') = 1
);
"""
"""As of a day (figures read only what was recorded by then): the history of a deal's
amount and owner (``old``/``new`` keep the column's own type: minor units, a login), as
``close_date_changes`` keeps its close date; ``deals.created_known`` = 0 when the source gave
no creation day (``created_on`` is then the day the deal was first known, and time-based
figures leave the deal out); ``users.deactivated_at``: when an admin deactivated the user —
an inactive user without it was created by an import and has no login yet (not a hygiene
fault)."""

_OBJECTIVE_SCOPE = (
    "coalesce(owner, ''), CASE WHEN owner IS NULL THEN coalesce(team, '') ELSE '' END"
)
"""An objective's scope as index columns: its owner (a rep), else its team ('' = the whole
team); a rep's objective is the rep's whatever team it also names."""

_SUPERSEDED = """
FROM objectives AS older
WHERE EXISTS (
    SELECT 1 FROM objectives AS newer
    WHERE newer.id > older.id AND newer.metric = older.metric AND newer.period = older.period
      AND coalesce(newer.owner, '') = coalesce(older.owner, '')
      AND (older.owner IS NOT NULL OR coalesce(newer.team, '') = coalesce(older.team, ''))
)"""

V4_ONE_TARGET = f"""
INSERT INTO audit (at, actor, entity, entity_id, op, before_json, after_json)
SELECT strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'), 'migration', 'objectives', CAST(id AS TEXT),
       'delete',
       json_object('id', id, 'owner', owner, 'team', team, 'kind', kind, 'metric', metric,
                   'target', target, 'period', period, 'rationale', rationale,
                   'smart_check_json', smart_check_json, 'version', version,
                   'updated_at', updated_at, 'updated_by', updated_by),
       NULL
{_SUPERSEDED};
DELETE {_SUPERSEDED};
CREATE UNIQUE INDEX objectives_one_target ON objectives({_OBJECTIVE_SCOPE}, metric, period);
"""
"""One target per scope, metric and period: where an older database holds several, the newest
(highest id) is kept and the older ones are deleted, each recorded in the audit log (actor
'migration', its row in ``before_json``) so nothing is lost."""

V5_CALLS = """
CREATE TABLE forecast_calls (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL,
    owner TEXT REFERENCES users(login),
    team TEXT,
    commit_minor INTEGER NOT NULL CHECK (commit_minor >= 0),
    best_case_minor INTEGER NOT NULL CHECK (best_case_minor >= commit_minor),
    note TEXT,
    judgment TEXT,
    at TEXT NOT NULL,
    by TEXT NOT NULL
);
CREATE INDEX forecast_calls_period ON forecast_calls(period, owner, at);
"""
"""Forecast calls: what a rep (``owner``) or the manager for the team (``owner`` NULL,
``team`` set) expects to win in a period — commit and best case, with a sentence; the team
call also keeps the manager's judgment against the reps' calls. Never updated: each call is
a new row with its date, the latest before a period ends is the one judged."""

V6_STRATEGY = """
CREATE TABLE strategy_segments (
    key TEXT PRIMARY KEY,
    priority INTEGER CHECK (priority IS NULL OR priority >= 1),
    problems TEXT,
    attracts TEXT,
    blocks TEXT,
    triggers TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);
CREATE TABLE strategy_offers (
    key TEXT PRIMARY KEY,
    priority INTEGER CHECK (priority IS NULL OR priority >= 1),
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);
CREATE TABLE strategy_stages (
    key TEXT PRIMARY KEY,
    exit_criteria TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT,
    updated_by TEXT
);
"""
"""The commercial strategy, which managers keep (``segments``, ``offers`` and ``stages`` are
reference data only an admin changes, so the strategy lives beside them, keyed the same):
a segment's or an offer's ``priority`` is its rank among the priorities (1 = first; NULL = not
a priority), a segment's persona (its problems, what attracts it, what blocks it, what
triggers a decision), and a stage's exit criteria (what must be true to move a deal on).
``offers.priority`` stays what it was: the order offers are listed in pickers."""

MIGRATIONS: tuple[str, ...] = (V1, V2_RITUALS, V3_AS_OF, V4_ONE_TARGET, V5_CALLS, V6_STRATEGY)
"""``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The number of migrations applied to this database."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to ``upto``; the caller holds a write transaction.

    Returns the number of migrations applied. ``executescript`` would commit the caller's
    transaction, so statements are run one by one.
    """
    current = schema_version(conn)
    for version in range(current, upto):
        for statement in _statements(MIGRATIONS[version]):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version + 1}")
    return max(0, upto - current)


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain ``;``)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer!r}")
    return statements
