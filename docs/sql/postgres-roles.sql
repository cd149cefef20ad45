-- The roles of a shared PostgreSQL register (docs/data.md, "PostgreSQL"), and the per-board write
-- rights the database enforces with row-level security. Run by the register's owner once the
-- first followup command has created the tables (again after a new release: it is idempotent):
--
--   psql 'postgresql://owner@host/dbname' -v ON_ERROR_STOP=1 -f docs/sql/postgres-roles.sql
--
-- Then say which areas each board has (as in the configuration) and who is whose officer:
--
--   INSERT INTO board_areas (board, area) VALUES ('utbildning', 'forskola'), ('utbildning', 'grundskola');
--   CREATE ROLE ingrid LOGIN IN ROLE followup_officer;
--   INSERT INTO officer_boards (officer, board) VALUES ('ingrid', 'utbildning');
--
-- followup_reader       reads everything: the executive office's compile and publish, export,
--                       audit log.
-- followup_auditor      the same, for `audit verify` (with the audit key's file), and the read log.
-- followup_officer      reads and records follow-ups, findings, decisions, evidence, steps,
--                       closures, assessments (with their deficiencies), signals, authorizations
--                       and plans in the areas of their own boards (officer_boards) only, and the
--                       trail's entries they wrote themselves; the municipality-wide providers,
--                       units and indicators are read by all.
--                       They also record support measures, changed-needs reports and the yearly
--                       and signal's checks of the authorization conditions in their boards' areas.
-- followup_board_admin  also writes authorizations in their boards' areas, their boards' plans and
--                       own process steps, and the municipality-wide providers, units, indicators
--                       and the council's programmes.
-- Writers may add to the trail (audit) and its seals (audit_heads), never change or remove: only
-- the owner can, and `audit verify` reports it. An entry names who signed in (session_user):
-- row-level security refuses one naming anyone else; whom they acted for (--actor) is kept in
-- on_behalf_of beside it. followup writes `followup officers sync` into board_areas and
-- officer_boards from the configuration's [[officers]] (docs/configuration.md).

-- Roles are the cluster's, not the database's: a second run (another database of the cluster,
-- possibly at the same moment) finds them made, reported as duplicate_object, or as
-- unique_violation when the two runs create one at once.
DO $$
BEGIN
    CREATE ROLE followup_reader NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE followup_auditor NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE followup_officer NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
    CREATE ROLE followup_board_admin NOLOGIN IN ROLE followup_officer;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

CREATE TABLE IF NOT EXISTS board_areas (
    board TEXT COLLATE "C" NOT NULL,
    area TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (board, area)
);
CREATE TABLE IF NOT EXISTS officer_boards (
    officer TEXT COLLATE "C" NOT NULL,
    board TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (officer, board)
);

GRANT USAGE ON SCHEMA public TO followup_reader, followup_auditor, followup_officer;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO followup_reader, followup_auditor, followup_officer;
-- The read log is added to by followup_log_read() (the owner's rights) and read by the auditor only.
REVOKE ALL ON read_log FROM followup_reader, followup_officer;
-- The officers' password hashes (schema 9, docs/data.md "Officers' passwords") are the owner's
-- alone: no role reads a colleague's hash to guess at it.
REVOKE ALL ON officer_credentials FROM followup_reader, followup_auditor, followup_officer;
GRANT INSERT ON audit, audit_heads TO followup_officer;
-- A sole trader's number first written gets its token (docs/data.md, "Record of processing");
-- only the owner erases one (`followup erase`).
GRANT INSERT ON personal_data TO followup_officer;
GRANT USAGE ON SEQUENCE audit_heads_line_seq TO followup_officer;
GRANT INSERT, UPDATE ON follow_ups, findings, decisions, evidence, steps, closures, assessments, signals TO followup_officer;
-- A re-assessment replaces its model's deficiencies: those no longer found are deleted (and audited).
GRANT INSERT, UPDATE, DELETE ON assessment_deficiencies TO followup_officer;
GRANT INSERT, UPDATE ON authorizations, plans, providers, units, indicators TO followup_board_admin;
-- What the seeds name beside the follow-ups (schema 7): an officer records the support measures
-- and the changed-needs reports of their boards' areas; a board admin their boards' own process
-- steps and the council's programme for private providers (municipality-wide, as providers are).
GRANT INSERT, UPDATE ON support_measures, needs_reports TO followup_officer;
-- The yearly and the signal's checks of the conditions are the officers' work; a grant's checks
-- are written with the authorization (followup_board_admin, who is an officer too).
GRANT INSERT, UPDATE ON condition_checks TO followup_officer;
GRANT INSERT, UPDATE ON board_steps, programmes TO followup_board_admin;

-- Whether `officer` may write in `area`: one of their boards has it.
CREATE OR REPLACE FUNCTION followup_may_write_area(area TEXT, officer TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM board_areas b JOIN officer_boards o ON o.board = b.board
                   WHERE b.area = followup_may_write_area.area AND o.officer = followup_may_write_area.officer)
$$;
-- Whether `officer` may write what hangs on the follow-up: it is in one of their boards' areas.
CREATE OR REPLACE FUNCTION followup_may_write_follow_up(follow_up TEXT, officer TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM follow_ups f WHERE f.id = follow_up AND followup_may_write_area(f.area, officer))
$$;

-- Row-level security: the reader and the auditor read every row; an officer reads and writes a
-- row only within their boards. The owner (who runs migrations and this file) is not bound by it.
DO $$
DECLARE
    t TEXT;
    allowed TEXT;
BEGIN
    FOR t, allowed IN VALUES
        ('follow_ups', 'followup_may_write_area(area, current_user)'),
        ('signals', 'followup_may_write_area(area, current_user)'),
        ('authorizations', 'followup_may_write_area(area, current_user)'),
        ('findings', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('decisions', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('evidence', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('steps', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('closures', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('assessments', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('assessment_deficiencies', 'followup_may_write_follow_up(follow_up, current_user)'),
        ('plans', 'EXISTS (SELECT 1 FROM officer_boards o WHERE o.board = plans.board AND o.officer = current_user)'),
        ('support_measures', 'followup_may_write_area(area, current_user)'),
        ('condition_checks', 'followup_may_write_area(area, current_user)'),
        ('needs_reports', 'followup_may_write_area(area, current_user)'),
        ('board_steps', 'EXISTS (SELECT 1 FROM officer_boards o WHERE o.board = board_steps.board AND o.officer = current_user)')
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS followup_read ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS followup_read_all ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS followup_board_read ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS followup_board_insert ON %I', t);
        EXECUTE format('DROP POLICY IF EXISTS followup_board_update ON %I', t);
        EXECUTE format('CREATE POLICY followup_read_all ON %I FOR SELECT TO followup_reader, followup_auditor USING (true)', t);
        EXECUTE format('CREATE POLICY followup_board_read ON %I FOR SELECT TO followup_officer USING (%s)', t, allowed);
        EXECUTE format('CREATE POLICY followup_board_insert ON %I FOR INSERT WITH CHECK (%s)', t, allowed);
        EXECUTE format('CREATE POLICY followup_board_update ON %I FOR UPDATE USING (%s) WITH CHECK (%s)', t, allowed, allowed);
    END LOOP;
END $$;
DROP POLICY IF EXISTS followup_board_delete ON assessment_deficiencies;
CREATE POLICY followup_board_delete ON assessment_deficiencies FOR DELETE USING (followup_may_write_follow_up(follow_up, current_user));

-- The trail: the reader and the auditor read it whole; an officer reads the entries they wrote
-- (the others hold other boards' rows in their before/after images; a writer chains onto the
-- last entry through followup_audit_head(), which tells its number and hash only). An entry is
-- added only in the name of who signed in.
ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS followup_read_all ON audit;
DROP POLICY IF EXISTS followup_own_entries ON audit;
DROP POLICY IF EXISTS followup_signed_in ON audit;
CREATE POLICY followup_read_all ON audit FOR SELECT TO followup_reader, followup_auditor USING (true);
CREATE POLICY followup_own_entries ON audit FOR SELECT TO followup_officer USING (actor = session_user);
CREATE POLICY followup_signed_in ON audit FOR INSERT TO followup_officer WITH CHECK (actor = session_user);
