// The register and the importer: round trips, all-or-nothing imports, hostile files, the audit
// trail, schema versions. The tests of RegisterTest run on both databases: an SQLite file and a
// PostgreSQL database on the test cluster (tests/postgres/cluster.sh).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>
#include <pqxx/pqxx>

#include "config/municipality_config.hpp"
#include "io/csv.hpp"
#include "store/importer.hpp"
#include "store/postgres_register.hpp"
#include "store/register_location.hpp"
#include "store/sqlite_register.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;
using namespace followup::test;
using testing::HasSubstr;

namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

class RegisterTest : public testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
        ASSERT_TRUE(loaded.diagnostics.empty());
        config = std::move(loaded.config);
        if (postgres()) database = std::make_unique<TestDatabase>();
        reopen();
    }

    bool postgres() const { return GetParam() == "postgresql"; }
    std::string location() const { return postgres() ? database->url() : (dir / "register.sqlite").string(); }
    void reopen() { store = open_register(location(), RegisterCreation::create_if_missing, dir / "audit-key"); }

    /// Runs SQL on the register behind followup's back (closed meanwhile).
    void behind_the_back(const std::string& sql) {
        store.reset();
        if (postgres()) {
            const auto done = database->sql(sql);
            ASSERT_EQ(done.exit_code, 0) << done.output;
        } else {
            SQLite::Database db((dir / "register.sqlite").string(), SQLite::OPEN_READWRITE);
            db.exec(sql);
        }
        reopen();
    }

    ImportReport import(const char* kind_name, const std::string& csv, bool dry_run = false) {
        return import_csv(*store, kind(kind_name), csv, &config, "tester", dry_run);
    }

    /// Everything in the register, as text: the state a failed import must leave untouched.
    std::string everything() {
        std::string all;
        for (const auto& k : record_kinds()) all += k.name + ":\n" + export_csv(*store, k);
        return all + "audit entries: " + std::to_string(store->audit_entries());
    }

    std::string providers_csv() {
        return "org_number;name;ownership;continuity_plan\n" + org_number(1) + ";Förskolan Ekorren AB;private;2025-01-10\n" +
               org_number(2) + ";\"Björkens förskola; kommunal\";municipal;\n" + org_number(3) +
               ";\"Ideella \"\"Tallen\"\"\";non_profit;\n";
    }

    void seed() {
        ASSERT_TRUE(import("providers", providers_csv()).written);
        ASSERT_TRUE(import("units", "id;provider;name;address\nu1;" + org_number(1) + ";Ekorren Sickla;Sickla allé 1, 131 34 Nacka\n").written);
        ASSERT_TRUE(import("authorizations", "provider;area;granted;status;ended\n" + org_number(1) +
                                                 ";forskola;2018-01-01;active;\n" + org_number(2) + ";forskola;2010-01-01;active;\n")
                        .written);
        ASSERT_TRUE(import("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                                         "t1;" + org_number(1) + ";u1;forskola;tillsyn;2025-01-01;2025-12-31;2025-03-12;done;utb_ingrid;planned\n"
                                         "t2;" + org_number(2) + ";;forskola;insyn;2025-01-01;2025-12-31;;planned;;planned\n")
                        .written);
        ASSERT_TRUE(import("findings", "follow_up;condition;scale;grade;text;basis\n"
                                       "t1;barngrupper;tillsyn4;mindre_brist;För stora grupper;besök\n"
                                       "t1;lokaler;tillsyn4;tillfredsstallande;;besök\n")
                        .written);
        ASSERT_TRUE(import("decisions", "follow_up;kind;decided;serious_maladministration;deadline;reason\n"
                                        "t1;remark;2025-04-01;nej;2025-09-12;för stora barngrupper\n")
                        .written);
        ASSERT_TRUE(import("indicators", "key_figure;provider;unit;period_from;period_to;value;answers\n"
                                         "nojdhet_undervisning;" + org_number(1) + ";;2025-01-01;2025-12-31;87,5;41\n")
                        .written);
        // What the seeds name beside the follow-ups (schema 7).
        ASSERT_TRUE(import("programmes", "adopted;term_from;term_to;reference;title\n"
                                         "2023-03-13;2023;2026;KFKS 2021/1240;Program för uppföljning av kommunala och privata utförare\n")
                        .written);
        ASSERT_TRUE(import("support_measures", "provider;area;offered;kind;description;follow_up\n" + org_number(1) +
                                                   ";forskola;2025-04-01;competence;Utbildning i dokumentation;t1\n" + org_number(1) +
                                                   ";forskola;2025-05-01;support;Stöd att rätta felen;\n")
                        .written);
        ASSERT_TRUE(import("board_steps", "board;year;step;done;reference\n"
                                          "arbete;2025;7;2025-12-11;protokoll § 112\n"
                                          "arbete;2025;1;2025-01-24;\n")
                        .written);
        ASSERT_TRUE(import("needs_reports", "id;provider;area;unit;received;direction;reassessed;outcome\n"
                                            "n1;" + org_number(1) + ";forskola;u1;2025-02-03;more;2025-02-17;fler insatser\n"
                                            "n2;" + org_number(1) + ";forskola;;2025-11-15;less;;\n")
                        .written);
        // Ordinal 10 after 2: ordered as numbers, not as text.
        ASSERT_TRUE(import("assessment_deficiencies", "follow_up;ordinal;condition;scale;grade;text;basis\n"
                                                      "t1;10;lokaler;tillsyn4;mindre_brist;;\n"
                                                      "t1;2;barngrupper;tillsyn4;mindre_brist;För stora grupper;besök\n")
                        .written);
    }

    TempDir dir;
    std::unique_ptr<TestDatabase> database;
    MunicipalityConfig config;
    std::unique_ptr<Register> store;
};

INSTANTIATE_TEST_SUITE_P(EveryDatabase, RegisterTest, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& tested) { return tested.param; });

TEST_P(RegisterTest, TheSchemaHasExactlyTheColumnsOfEachKind) {
    for (const auto& k : record_kinds()) {
        std::vector<std::string> columns;
        if (postgres()) {
            const auto listed = database->sql("SELECT column_name FROM information_schema.columns WHERE table_name = '" + k.name +
                                              "' ORDER BY ordinal_position");
            std::istringstream lines(listed.output);
            for (std::string line; std::getline(lines, line);)
                if (!line.empty()) columns.push_back(line);
        } else {
            SQLite::Database db((dir / "register.sqlite").string());
            SQLite::Statement s(db, "SELECT name FROM pragma_table_info('" + k.name + "')");
            while (s.executeStep()) columns.push_back(s.getColumn(0).getString());
        }
        std::vector<std::string> expected;
        for (const auto& c : k.columns) expected.push_back(c.name);
        EXPECT_EQ(columns, expected) << k.name;
    }
}

TEST_P(RegisterTest, ExportImportExportIsIdenticalAndReimportChangesNothing) {
    seed();
    for (const auto& k : record_kinds()) {
        const std::string first = export_csv(*store, k);
        const auto again = import_csv(*store, k, first, &config, "tester", false);
        EXPECT_TRUE(again.problems.empty()) << k.name << ": " << (again.problems.empty() ? "" : again.problems[0].message);
        EXPECT_EQ(again.inserted + again.updated, 0u) << k.name;
        EXPECT_EQ(export_csv(*store, k), first) << k.name;
    }
    EXPECT_THAT(export_csv(*store, kind("providers")), HasSubstr("\"Björkens förskola; kommunal\""));
    EXPECT_THAT(export_csv(*store, kind("indicators")), HasSubstr(";87.5;41"));
    EXPECT_EQ(export_csv(*store, kind("assessment_deficiencies")),
              "follow_up;ordinal;condition;scale;grade;text;basis\n"
              "t1;2;barngrupper;tillsyn4;mindre_brist;För stora grupper;besök\n"
              "t1;10;lokaler;tillsyn4;mindre_brist;;\n");
}

TEST_P(RegisterTest, PluginsReadTheRegisterThroughTheSdkView) {
    seed();
    const sdk::RegisterView& view = *store;
    const auto providers = view.providers_in_area("forskola");
    ASSERT_EQ(providers.size(), 2u);
    EXPECT_EQ(providers[0].name, "Förskolan Ekorren AB");
    EXPECT_EQ(providers[1].ownership, sdk::Ownership::municipal);
    const auto activities = view.follow_ups(org_number(1), "forskola");
    ASSERT_EQ(activities.size(), 1u);
    EXPECT_EQ(activities[0].unit_id, "u1");
    EXPECT_EQ(view.findings("t1").size(), 2u);
    ASSERT_EQ(view.decisions("t1").size(), 1u);
    EXPECT_EQ(view.decisions("t1")[0].kind, sdk::DecisionKind::remark);
    ASSERT_EQ(view.indicator_series("nojdhet_undervisning", org_number(1)).size(), 1u);
    EXPECT_EQ(view.indicator_series("nojdhet_undervisning", org_number(1))[0].answers, 41);
}

TEST_P(RegisterTest, AFailedImportReportsEveryBadRowAndChangesNothing) {
    seed();
    const std::string before = everything();
    const auto report = import("follow_ups",
                               "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                               "t9;" + org_number(1) + ";u1;forskola;tillsyn;2025-01-01;2025-12-31;;planned;;planned\n"
                               "t10;556000-0000;;forskola;tillsyn;2025-01-01;2025-12-31;;planned;;planned\n"
                               "t11;" + org_number(7) + ";;forskolan;tilsyn;2025-01-01;2025-02-30;;klar;;planned\n"
                               "t12;" + org_number(1) + ";;forskola;kvalitetsdialog;2025-01-01;2025-12-31;;planned;;planned\n"
                               "t9;" + org_number(1) + ";u1;forskola;tillsyn;2025-01-01;2025-12-31;;planned;;planned\n");
    EXPECT_FALSE(report.written);
    std::vector<std::string> lines;
    for (const auto& p : report.problems) lines.push_back(std::to_string(p.line) + " " + p.column + ": " + p.message);
    EXPECT_THAT(lines, testing::ElementsAre(
                           HasSubstr("3 provider: found \"556000-0000\"; expected a Swedish organisation number"),
                           HasSubstr("4 planned_to: found \"2025-02-30\"; expected a date"),
                           HasSubstr("4 status: found \"klar\"; expected one of: planned, done, cancelled"),
                           HasSubstr("5 form: names form of board utbildning: \"kvalitetsdialog\""),
                           HasSubstr("6 : the same id as line 2")));
    EXPECT_EQ(everything(), before);
    // The unknown provider and area, once the values parse:
    const auto refs = import("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                                           "t11;" + org_number(7) + ";u9;forskolan;tillsyn;2025-01-01;2025-02-28;;planned;;planned\n");
    std::vector<std::string> ref_lines;
    for (const auto& p : refs.problems) ref_lines.push_back(p.column + ": " + p.message);
    EXPECT_THAT(ref_lines, testing::ElementsAre(HasSubstr("provider: names provider"), HasSubstr("unit: names unit \"u9\""),
                                                HasSubstr("area: names area \"forskolan\", which the configuration does not "
                                                          "have; expected one of:")));
    EXPECT_EQ(everything(), before);
}

TEST_P(RegisterTest, ADryRunCountsButWritesNothing) {
    const std::string before = everything();
    const auto report = import("providers", providers_csv(), true);
    EXPECT_TRUE(report.problems.empty());
    EXPECT_EQ(report.inserted, 3u);
    EXPECT_FALSE(report.written);
    EXPECT_EQ(everything(), before);
}

TEST_P(RegisterTest, ChangedRowsAreUpdatedAndAudited) {
    seed();
    const auto before_entries = store->audit_entries();
    const auto report = import("providers", "org_number,name,ownership,continuity_plan\n" + org_number(1) +
                                                ",Förskolan Ekorren AB,private,2025-06-01\n");
    EXPECT_EQ(report.updated, 1u);
    EXPECT_EQ(store->audit_entries(), before_entries + 1);
    EXPECT_TRUE(store->verify_audit().empty());
}

TEST_P(RegisterTest, ALargeImportChecksEveryReferenceAndSeesTheRowsItsOwnWriterAdded) {
    // More distinct references than the PostgreSQL register looks up one by one before it reads
    // the kind's keys once (postgres_internal.hpp, load_keys_after): the answers must not change.
    seed();
    std::string follow_ups = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
    std::string findings = "follow_up;condition;scale;grade;text;basis\n";
    for (int i = 0; i < 1200; ++i) {
        follow_ups += "big" + std::to_string(i) + ";" + org_number(1) + ";u1;forskola;tillsyn;2025-01-01;2025-12-31;;planned;;planned\n";
        findings += "big" + std::to_string(i) + ";barngrupper;tillsyn4;mindre_brist;;\n";
    }
    const std::string good_findings = findings;
    findings += "nosuch;barngrupper;tillsyn4;mindre_brist;;\n";
    ASSERT_TRUE(import("follow_ups", follow_ups).written);
    const auto refused = import("findings", findings);
    ASSERT_EQ(refused.problems.size(), 1u);
    EXPECT_EQ(refused.problems[0].line, 1202u);
    EXPECT_THAT(refused.problems[0].message, HasSubstr("names follow-up \"nosuch\", which is not in the register"));
    const auto report = import("findings", good_findings);
    EXPECT_TRUE(report.written);
    EXPECT_EQ(report.inserted, 1200u);
    EXPECT_TRUE(store->verify_audit().empty());
}

// SQLite's own: a bulk load's journal mode (the PostgreSQL register has no such thing).
class SqliteRegisterTest : public RegisterTest {};
INSTANTIATE_TEST_SUITE_P(Sqlite, SqliteRegisterTest, testing::Values("sqlite"));

TEST_P(SqliteRegisterTest, ABulkLoadIsAuditedAtomicAndLeavesTheRegisterInWalMode) {
    // What an import of 100,000 rows or more asks for (begin_bulk), with a few rows: a rollback
    // journal and no foreign-key enforcement for the one transaction, then back to WAL.
    const Row provider{org_number(7), "Bulk AB", "private", ""};
    {
        auto writer = store->begin_bulk("tester", 1000000);
        EXPECT_EQ(writer->upsert(kind("providers"), provider), Change::inserted);
        // Not committed: destroyed, so rolled back.
    }
    EXPECT_EQ(store->audit_entries(), 0);
    EXPECT_FALSE(store->contains(kind("providers"), org_number(7)));
    {
        auto writer = store->begin_bulk("tester", 1000000);
        EXPECT_EQ(writer->upsert(kind("providers"), provider), Change::inserted);
        writer->commit();
    }
    EXPECT_TRUE(store->contains(kind("providers"), org_number(7)));
    EXPECT_EQ(store->audit_entries(), 1);
    EXPECT_TRUE(store->verify_audit().empty());
    // Foreign keys are enforced again for ordinary writes.
    {
        auto writer = store->begin("tester");
        EXPECT_THROW(writer->upsert(kind("units"), Row{"u9", org_number(8), "Enhet", "", "", ""}), std::exception);
    }
    store.reset();
    SQLite::Database db((dir / "register.sqlite").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST_P(SqliteRegisterTest, ABulkLoadIntoAnEmptyTableBuildsItsIndexesOnceAndARollbackKeepsThem) {
    seed();  // providers and units; no follow-ups yet
    auto index_of_follow_ups = [&] {
        SQLite::Database db((dir / "register.sqlite").string(), SQLite::OPEN_READONLY);
        return db.execAndGet("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'follow_ups_by_provider'").getInt();
    };
    const Row follow_up{"bulk1", org_number(1), "u1", "forskola", "tillsyn", "2025-01-01", "2025-12-31", "", "planned", "", "planned"};
    {
        auto writer = store->begin_bulk("tester", 1000000);
        EXPECT_EQ(writer->upsert(kind("follow_ups"), follow_up), Change::inserted);
        // Not committed: the dropped index comes back with the rollback.
    }
    EXPECT_EQ(index_of_follow_ups(), 1);
    {
        auto writer = store->begin_bulk("tester", 1000000);
        EXPECT_EQ(writer->upsert(kind("follow_ups"), follow_up), Change::inserted);
        writer->commit();
    }
    EXPECT_EQ(index_of_follow_ups(), 1);
    store.reset();
    SQLite::Database db((dir / "register.sqlite").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
    // The index is there and holds the row: a query by provider uses it and finds it.
    SQLite::Statement plan(db, "EXPLAIN QUERY PLAN SELECT id FROM follow_ups WHERE provider = ?");
    ASSERT_TRUE(plan.executeStep());
    EXPECT_THAT(plan.getColumn(3).getString(), HasSubstr("follow_ups_by_provider"));
    EXPECT_EQ(db.execAndGet("SELECT id FROM follow_ups INDEXED BY follow_ups_by_provider WHERE provider = '" + org_number(1) + "'").getString(), "bulk1");
}

TEST_P(SqliteRegisterTest, ABulkLoadWhileAnotherConnectionHasTheRegisterOpenStaysInWal) {
    seed();
    SQLite::Database other((dir / "register.sqlite").string(), SQLite::OPEN_READONLY);
    EXPECT_EQ(other.execAndGet("SELECT count(*) FROM providers").getInt(), 3);
    {
        auto writer = store->begin_bulk("tester", 1000000);
        EXPECT_EQ(writer->upsert(kind("providers"), Row{org_number(7), "Bulk AB", "private", ""}), Change::inserted);
        writer->commit();
    }
    EXPECT_EQ(other.execAndGet("SELECT count(*) FROM providers").getInt(), 4);
    EXPECT_EQ(other.execAndGet("PRAGMA journal_mode").getString(), "wal");
    EXPECT_TRUE(store->verify_audit().empty());
}

// ---- hostile files ----

TEST_P(RegisterTest, HostileFilesGetClearErrors) {
    struct Case {
        const char* name;
        std::string csv;
        const char* expected;
    };
    const std::string header = "org_number;name;ownership;continuity_plan\n";
    const std::vector<Case> cases{
        {"unbalanced quote", header + org_number(1) + ";\"Ekorren;private;\n", "line 2 is never closed"},
        {"text after a closing quote", header + org_number(1) + ";\"Ekorren\"x;private;\n", "found 'x' after a closing quote"},
        {"a 1 MB field", header + org_number(1) + ";" + std::string(1 << 20, 'a') + ";private;\n", "longer than 65536 bytes"},
        {"invalid UTF-8", header + org_number(1) + ";F\xF6rskolan;private;\n", "invalid UTF-8 (byte 0xF6)"},
        {"tab separated", "org_number\tname\townership\tcontinuity_plan\n", "found one column"},
        {"wrong column", "org_nummer;name;ownership;continuity_plan\n", "unknown column; expected one of"},
        {"missing column", "org_number;name;ownership\n", "missing column"},
        {"short row", header + org_number(1) + ";Ekorren\n", "found 2 fields; expected 4"},
        {"empty file", "", "the file is empty"},
    };
    for (const auto& c : cases) {
        const auto report = import("providers", c.csv);
        ASSERT_FALSE(report.problems.empty()) << c.name;
        EXPECT_THAT(report.problems[0].message, HasSubstr(c.expected)) << c.name;
        EXPECT_FALSE(report.written) << c.name;
    }
    EXPECT_EQ(store->audit_entries(), 0);
}

TEST_P(RegisterTest, ByteOrderMarkCrlfBlankLinesAndCommasAreFine) {
    const std::string csv = "\xEF\xBB\xBForg_number,name,ownership,continuity_plan\r\n\r\n" + org_number(1) +
                            ",\"Förskolan \"\"Ekorren\"\", Sickla\",private,\r\n\r\n" + org_number(2) + ",Åkerns förskola,municipal,\r\n";
    const auto report = import("providers", csv);
    ASSERT_TRUE(report.problems.empty()) << report.problems[0].message;
    EXPECT_EQ(report.inserted, 2u);
    EXPECT_THAT(export_csv(*store, kind("providers")), HasSubstr("\"Förskolan \"\"Ekorren\"\", Sickla\""));
    EXPECT_THAT(export_csv(*store, kind("providers")), HasSubstr("Åkerns förskola"));
}

TEST(OrgNumber, CheckDigitAndForms) {
    EXPECT_EQ(canonical_org_number("5560360793"), "556036-0793");
    EXPECT_EQ(canonical_org_number("16556036-0793"), "556036-0793");
    EXPECT_EQ(canonical_org_number("556036-0794"), std::nullopt);
    EXPECT_EQ(canonical_org_number("556036-079"), std::nullopt);
    EXPECT_EQ(canonical_org_number("556036 0793"), std::nullopt);
}

// ---- the audit trail ----

TEST_P(RegisterTest, TheAuditTrailDetectsEditsInsertsAndDeletesBehindItsBack) {
    seed();
    ASSERT_TRUE(store->verify_audit().empty());
    behind_the_back("UPDATE findings SET grade = 'tillfredsstallande' WHERE condition = 'barngrupper'");
    auto problems = store->verify_audit();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_GT(problems[0].entry, 0);
    EXPECT_THAT(problems[0].message, HasSubstr("findings 't1/barngrupper'"));
    EXPECT_THAT(problems[0].message, HasSubstr("changed behind followup's back"));
    behind_the_back("UPDATE findings SET grade = 'mindre_brist' WHERE condition = 'barngrupper';"  // put back
                    "DELETE FROM audit WHERE seq = 3;"
                    "UPDATE audit SET actor = 'someone else' WHERE seq = 5;");
    problems = store->verify_audit();
    std::vector<std::string> messages;
    for (const auto& p : problems) messages.push_back(p.message);
    EXPECT_THAT(messages, testing::Contains(HasSubstr("entries 3 to 3 are missing")));
    EXPECT_THAT(messages, testing::Contains(HasSubstr("entry 5 (")));
    EXPECT_THAT(messages, testing::Contains(HasSubstr("has no audit entry")));
}

TEST(RegisterSchema, ANewerSchemaIsRefusedWithAClearMessage) {
    TempDir dir;
    open_sqlite_register(dir / "r.sqlite").reset();
    {
        SQLite::Database db((dir / "r.sqlite").string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(register_schema_version + 2));
    }
    try {
        open_sqlite_register(dir / "r.sqlite");
        FAIL();
    } catch (const StoreError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schema version " + std::to_string(register_schema_version + 2) +
                                        "; this followup understands versions up to " +
                                        std::to_string(register_schema_version)));
    }
    write_file(dir / "other.sqlite", "");
    {
        SQLite::Database db((dir / "other.sqlite").string(), SQLite::OPEN_READWRITE);
        db.exec("CREATE TABLE t (x)");
    }
    EXPECT_THROW(open_sqlite_register(dir / "other.sqlite"), StoreError);
}

TEST_P(RegisterTest, BackupAndRestoreRoundTrip) {
    seed();
    const std::string before = everything();
    store->backup_to(dir / "backup.sqlite");
    EXPECT_THROW(store->backup_to(dir / "backup.sqlite"), StoreError) << "never overwrites";
    import("providers", "org_number;name;ownership;continuity_plan\n" + org_number(4) + ";Ny AB;private;\n");
    store.reset();
    if (postgres()) {
        // The server's own dump, restored as docs/data.md says: pg_restore into a new database.
        TestDatabase restored;
        const auto done = run("pg_restore --no-owner --dbname '" + restored.url() + "' " + quoted(dir / "backup.sqlite"));
        ASSERT_EQ(done.exit_code, 0) << done.output;
        store = open_register(restored.url(), RegisterCreation::must_exist, dir / "audit-key");
        EXPECT_EQ(everything(), before);
        EXPECT_TRUE(store->verify_audit().empty());
        store.reset();
        return;
    }
    restore_sqlite_register(dir / "backup.sqlite", dir / "register.sqlite", dir / "audit-key");
    reopen();
    EXPECT_EQ(everything(), before);
    EXPECT_TRUE(store->verify_audit().empty());
}

}  // namespace

namespace {
TEST(DataDocumentation, DocsDataMdDescribesEveryKindAndColumn) {
    const std::string doc = read_file(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "docs" / "data.md");
    for (const auto& k : record_kinds()) {
        EXPECT_THAT(doc, HasSubstr("## `" + k.name + "`"));
        for (const auto& c : k.columns) EXPECT_THAT(doc, HasSubstr("| `" + c.name + "` |")) << k.name;
    }
}
}  // namespace

namespace {
TEST(RegisterBackup, WorksWhileAnotherConnectionIsReading) {
    TempDir dir;
    auto store = open_sqlite_register(dir / "r.sqlite");
    import_csv(*store, *find_record_kind("providers"),
               "org_number;name;ownership;continuity_plan\n" + org_number(1) + ";A;private;\n", nullptr, "t", false);
    SQLite::Database reader((dir / "r.sqlite").string(), SQLite::OPEN_READONLY);
    reader.exec("BEGIN");
    EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM providers").getInt(), 1);  // holds a read snapshot
    EXPECT_NO_THROW(store->backup_to(dir / "copy.sqlite"));
    reader.exec("COMMIT");
    auto copy = open_sqlite_register(dir / "copy.sqlite");
    EXPECT_EQ(export_csv(*copy, *find_record_kind("providers")), export_csv(*store, *find_record_kind("providers")));
    // The copy's chain and rows are whole; only its seal is not with it: a backup is put back with
    // `restore`, which seals its trail anew, and opened as it is, it says so.
    const auto problems = copy->verify_audit();
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_THAT(problems[0].message, HasSubstr("are missing, but the trail has 1 entries"));
}
}  // namespace

namespace {
// Issue 30: a lost PostgreSQL connection is the user's situation, said in the project's words
// (exit 1, not "internal error" with libpq's); only a command that had a change under way is told
// the change was not kept.
TEST(PostgresSituation, ALostConnectionIsSaidInOurWordsAndSpeaksOfAChangeOnlyWhenOneWasUnderWay) {
    using followup::core::note_postgres_change;
    using followup::core::postgres_situation;
    note_postgres_change(false);
    const auto reading = postgres_situation(pqxx::broken_connection("server closed the connection unexpectedly"));
    ASSERT_TRUE(reading.has_value());
    EXPECT_THAT(*reading, testing::HasSubstr("the connection to the PostgreSQL server was lost or failed"));
    EXPECT_THAT(*reading, testing::Not(testing::HasSubstr("change")));
    // libpq's words after a restart come as a plain failure of the connection.
    const auto encoding = postgres_situation(pqxx::failure("Could not obtain client encoding."));
    ASSERT_TRUE(encoding.has_value());
    EXPECT_THAT(*encoding, testing::HasSubstr("(Could not obtain client encoding.)"));
    note_postgres_change(true);
    EXPECT_THAT(*postgres_situation(pqxx::broken_connection("gone")), testing::HasSubstr("the change under way was not kept"));
    note_postgres_change(false);
    EXPECT_FALSE(postgres_situation(std::runtime_error("something else")).has_value());
}
}  // namespace
