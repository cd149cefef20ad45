// The register's schema, one migration per version. The record tables are WITHOUT ROWID: they are
// looked up by their natural key, which then is the table itself (one B-tree per row written
// instead of two; measured 25 % of an import). A migration, once released, is never
// edited: a change is a new migration. tests/store checks that the tables match record_kinds().
#include <string>
#include <vector>

namespace followup::core {

const std::vector<std::string>& register_migrations() {
    static const std::vector<std::string> migrations{
        // Version 1.
        R"SQL(
CREATE TABLE providers (
    org_number TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    ownership TEXT NOT NULL CHECK (ownership IN ('private', 'non_profit', 'municipal')),
    continuity_plan TEXT
) WITHOUT ROWID;
CREATE TABLE units (
    id TEXT NOT NULL PRIMARY KEY,
    provider TEXT NOT NULL REFERENCES providers (org_number),
    name TEXT NOT NULL,
    address TEXT
) WITHOUT ROWID;
CREATE INDEX units_by_provider ON units (provider);
CREATE TABLE authorizations (
    provider TEXT NOT NULL REFERENCES providers (org_number),
    area TEXT NOT NULL,
    granted TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
    ended TEXT,
    PRIMARY KEY (provider, area, granted)
) WITHOUT ROWID;
CREATE INDEX authorizations_by_area ON authorizations (area);
CREATE TABLE follow_ups (
    id TEXT NOT NULL PRIMARY KEY,
    provider TEXT NOT NULL REFERENCES providers (org_number),
    unit TEXT,
    area TEXT NOT NULL,
    form TEXT NOT NULL,
    planned_from TEXT NOT NULL,
    planned_to TEXT NOT NULL,
    done TEXT,
    status TEXT NOT NULL CHECK (status IN ('planned', 'done', 'cancelled')),
    inspector TEXT,
    trigger TEXT NOT NULL CHECK (trigger IN ('planned', 'signal'))
) WITHOUT ROWID;
CREATE INDEX follow_ups_by_provider ON follow_ups (provider, area);
CREATE TABLE findings (
    follow_up TEXT NOT NULL REFERENCES follow_ups (id),
    condition TEXT NOT NULL,
    scale TEXT NOT NULL,
    grade TEXT NOT NULL,
    text TEXT,
    basis TEXT,
    PRIMARY KEY (follow_up, condition)
) WITHOUT ROWID;
CREATE TABLE decisions (
    follow_up TEXT NOT NULL REFERENCES follow_ups (id),
    kind TEXT NOT NULL,
    decided TEXT NOT NULL,
    serious_maladministration INTEGER NOT NULL,
    deadline TEXT,
    reason TEXT,
    PRIMARY KEY (follow_up, kind)
) WITHOUT ROWID;
CREATE TABLE signals (
    id TEXT NOT NULL PRIMARY KEY,
    provider TEXT NOT NULL REFERENCES providers (org_number),
    area TEXT NOT NULL,
    kind TEXT NOT NULL,
    received TEXT NOT NULL,
    summary TEXT
) WITHOUT ROWID;
CREATE INDEX signals_by_provider ON signals (provider, area);
CREATE TABLE indicators (
    key_figure TEXT NOT NULL,
    provider TEXT NOT NULL REFERENCES providers (org_number),
    unit TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    value REAL NOT NULL,
    answers INTEGER,
    PRIMARY KEY (key_figure, provider, unit, period_from)
) WITHOUT ROWID;
CREATE TABLE evidence (
    follow_up TEXT NOT NULL REFERENCES follow_ups (id),
    condition TEXT NOT NULL,
    subject TEXT NOT NULL,
    document TEXT NOT NULL,
    dated TEXT,
    PRIMARY KEY (follow_up, condition, subject)
) WITHOUT ROWID;
CREATE TABLE steps (
    follow_up TEXT NOT NULL REFERENCES follow_ups (id),
    step TEXT NOT NULL,
    done TEXT NOT NULL,
    PRIMARY KEY (follow_up, step)
) WITHOUT ROWID;
CREATE TABLE closures (
    follow_up TEXT NOT NULL PRIMARY KEY REFERENCES follow_ups (id),
    closed TEXT NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('visit', 'document', 'statement')),
    reason TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE plans (
    board TEXT NOT NULL,
    year INTEGER NOT NULL,
    adopted TEXT NOT NULL,
    reported TEXT,
    PRIMARY KEY (board, year)
) WITHOUT ROWID;
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    key TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
)SQL",
        // Version 2 (SDK 3): units in an area, the board's reference on a decision, the outcome of
        // a signal, and the boards' models' assessments.
        R"SQL(
ALTER TABLE units ADD COLUMN area TEXT;
ALTER TABLE units ADD COLUMN registered_persons INTEGER;
ALTER TABLE decisions ADD COLUMN reference TEXT;
ALTER TABLE decisions ADD COLUMN legal_ground TEXT;
ALTER TABLE signals ADD COLUMN unit TEXT;
ALTER TABLE signals ADD COLUMN substantiated TEXT NOT NULL DEFAULT '' CHECK (substantiated IN ('', 'ja', 'nej'));
ALTER TABLE signals ADD COLUMN outcome TEXT;
CREATE TABLE assessments (
    follow_up TEXT NOT NULL PRIMARY KEY REFERENCES follow_ups (id),
    board TEXT NOT NULL,
    model TEXT NOT NULL,
    assessed TEXT NOT NULL,
    deficiencies INTEGER NOT NULL,
    proposed TEXT NOT NULL,
    serious_maladministration INTEGER NOT NULL,
    deadline TEXT,
    legal_ground TEXT,
    reason TEXT,
    recheck_from TEXT,
    recheck_to TEXT,
    next_due TEXT,
    risk_category TEXT,
    risk_reason TEXT,
    missing_steps TEXT,
    explanation TEXT
) WITHOUT ROWID;
)SQL",
        // Version 3: the deficiencies each assessment found, not only their number, so that one no
        // finding grades (a targeted supervision's documents) opens a case and its text is shown.
        R"SQL(
CREATE TABLE assessment_deficiencies (
    follow_up TEXT NOT NULL REFERENCES follow_ups (id),
    ordinal INTEGER NOT NULL,
    condition TEXT NOT NULL,
    scale TEXT NOT NULL,
    grade TEXT NOT NULL,
    text TEXT,
    basis TEXT,
    PRIMARY KEY (follow_up, ordinal)
) WITHOUT ROWID;
)SQL",
        // Version 4: the trail's "who" is who signed in (the OS user, the login role); whom they
        // said they acted for (--actor) is kept beside it, never instead of it.
        R"SQL(
ALTER TABLE audit ADD COLUMN on_behalf_of TEXT NOT NULL DEFAULT '';
)SQL",
        // Version 5: personal data out of the audit trail (store/personal_data.hpp; docs/data.md,
        // "Record of processing"). The trail holds a random token in place of each personal
        // identity number (a sole trader's organisation number: digits 3-4 a month, below 20);
        // this table, the one the trail does not cover, says which number each token stands for,
        // and `followup erase` deletes the number from it. What the trail of an older register
        // holds already is in the clear: such a number's token is the number itself, so that the
        // writers keep writing it as the trail has it and `followup erase` can say so. The first
        // day comes from one pass over the trail (a lookup per provider was a scan of the whole
        // trail each: hours on a national register).
        R"SQL(
CREATE TABLE personal_data (
    token TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    value TEXT NOT NULL UNIQUE,
    since TEXT NOT NULL
);
INSERT INTO personal_data (token, kind, value, since)
SELECT p.org_number, 'personal_identity_number', p.org_number, coalesce(earliest.at, '')
FROM providers p
LEFT JOIN (SELECT key, min(at) AS at FROM audit WHERE entity = 'providers' GROUP BY key) earliest ON earliest.key = p.org_number
WHERE substr(p.org_number, 3, 1) IN ('0', '1');
)SQL",
        // Version 6: what was checked of the authorization conditions at authorization, each year
        // and on a signal (issue 29: a grant kept no trace of the checks it rested on).
        R"SQL(
CREATE TABLE condition_checks (
    provider TEXT NOT NULL REFERENCES providers (org_number),
    area TEXT NOT NULL,
    condition TEXT NOT NULL,
    checked TEXT NOT NULL,
    occasion TEXT NOT NULL CHECK (occasion IN ('authorization', 'annually', 'signal')),
    scale TEXT NOT NULL,
    grade TEXT NOT NULL,
    note TEXT,
    signal TEXT REFERENCES signals (id),
    PRIMARY KEY (provider, area, condition, checked)
) WITHOUT ROWID;
)SQL",
        // Version 7: what the seeds name beside the follow-ups (issue 29, point 7): the council's
        // programme for private providers per term of office, the support and competence-raising
        // measures offered to providers, the boards' own steps of their annual process, and the
        // reports of changed needs with the new needs assessment each led to.
        R"SQL(
CREATE TABLE programmes (
    adopted TEXT NOT NULL PRIMARY KEY,
    term_from INTEGER NOT NULL,
    term_to INTEGER NOT NULL,
    reference TEXT,
    title TEXT
) WITHOUT ROWID;
CREATE TABLE support_measures (
    provider TEXT NOT NULL REFERENCES providers (org_number),
    area TEXT NOT NULL,
    offered TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('support', 'competence')),
    description TEXT NOT NULL,
    follow_up TEXT,
    PRIMARY KEY (provider, area, offered, kind)
) WITHOUT ROWID;
CREATE TABLE board_steps (
    board TEXT NOT NULL,
    year INTEGER NOT NULL,
    step INTEGER NOT NULL,
    done TEXT NOT NULL,
    reference TEXT,
    PRIMARY KEY (board, year, step)
) WITHOUT ROWID;
CREATE TABLE needs_reports (
    id TEXT NOT NULL PRIMARY KEY,
    provider TEXT NOT NULL REFERENCES providers (org_number),
    area TEXT NOT NULL,
    unit TEXT,
    received TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('more', 'less')),
    reassessed TEXT,
    outcome TEXT
) WITHOUT ROWID;
CREATE INDEX needs_reports_by_area ON needs_reports (area);
)SQL",
        // Version 8: a follow-up plan per kundval area and year (seed 000: "en uppföljningsplan
        // för respektive kundval"), not per board; a board's earlier plans cover all its areas
        // (area ''). The key changes, which SQLite's ALTER TABLE cannot do: the table is made
        // anew. On PostgreSQL the new table has none of the old one's grants and row-level
        // policies: docs/sql/postgres-roles.sql is run again after the upgrade (docs/data.md).
        R"SQL(
CREATE TABLE plans_by_area (
    board TEXT NOT NULL,
    year INTEGER NOT NULL,
    adopted TEXT NOT NULL,
    reported TEXT,
    area TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (board, year, area)
) WITHOUT ROWID;
INSERT INTO plans_by_area (board, year, adopted, reported, area) SELECT board, year, adopted, reported, '' FROM plans;
DROP TABLE plans;
ALTER TABLE plans_by_area RENAME TO plans;
)SQL",
        // Version 9: the officers' local accounts for signing in to the desk (issue 33), beside
        // the records and not one of them (docs/data.md, "Officers' passwords"): never exported or
        // imported, and the hash never in the audit trail. `officer` is the configuration's
        // [[officers]] id; the hash is Argon2id in libargon2's encoded form; the failed sign-ins in
        // a row and the pause they led to (store/officer_credentials.hpp); when it was set.
        R"SQL(
CREATE TABLE officer_credentials (
    officer TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    paused_until TEXT,
    changed TEXT NOT NULL
);
)SQL",
    };
    return migrations;
}

}  // namespace followup::core
