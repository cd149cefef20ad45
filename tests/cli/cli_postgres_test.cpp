// What only a PostgreSQL register has, through the real binary (`--db postgresql://…`, a fresh
// database on the test cluster): the URL's problems said without its password, a database that
// holds no register yet, the audit key to be named, backups through pg_dump, the configuration's
// URL. The rest of the CLI suite runs on PostgreSQL too, as the "postgresql." tests
// (cli_support.hpp, tests/CMakeLists.txt BOTH_ENGINES).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "cli_support.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliPostgres : public testing::Test {
protected:
    /// followup on this test's database, with the audit key in $FOLLOWUP_AUDIT_KEY.
    std::string followup(const std::string& args, const std::string& url = "") const {
        return "FOLLOWUP_AUDIT_KEY=" + quoted(dir / "audit-key") + " " + followup_binary() + " --config " +
               quoted(example_config()) + " --db '" + (url.empty() ? database.url() : url) + "' --actor anna " + args;
    }
    void write_providers(int count) {
        std::string csv = "org_number;name;ownership;continuity_plan\n";
        for (int i = 1; i <= count; ++i) csv += org_number(i) + ";Anordnare " + std::to_string(i) + ";private;\n";
        write_file(dir / "providers.csv", csv);
    }

    TempDir dir;
    TestDatabase database;
};

TEST_F(CliPostgres, AReadingCommandRefusesADatabaseWithoutARegister) {
    const auto r = run(followup("export providers"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("holds no register yet"));
    EXPECT_THAT(r.output, HasSubstr("`followup import`"));
}

TEST_F(CliPostgres, AnUnreachableServerIsNamedWithoutItsPasswordAndWhatToCheck) {
    const auto r = run(followup("export providers", "postgresql://anna:hemligt@/nosuch?host=/nonexistent-folder&port=5999"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("cannot connect to the PostgreSQL register at 'postgresql://anna:***@/nosuch"));
    EXPECT_THAT(r.output, HasSubstr("Check that the server runs"));
    EXPECT_THAT(r.output, Not(HasSubstr("hemligt")));
}

TEST_F(CliPostgres, WithoutAnAuditKeyNothingIsWrittenAndTheMessageSaysWhereToNameIt) {
    write_providers(1);
    const auto r = run("env -u FOLLOWUP_AUDIT_KEY " + followup_binary() + " --config " + quoted(example_config()) + " --db '" +
                       database.url() + "' import providers " + quoted(dir / "providers.csv"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("no audit key is configured"));
    EXPECT_THAT(r.output, HasSubstr("$FOLLOWUP_AUDIT_KEY"));
    EXPECT_EQ(run(followup("export providers")).output, "org_number;name;ownership;continuity_plan\n");
}

TEST_F(CliPostgres, BackupIsTheServersDumpAndPgRestorePutsItBackWithItsTrail) {
    write_providers(2);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    auto r = run(followup("backup " + quoted(dir / "register.dump")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("restore it with pg_restore"));
    EXPECT_EQ(read_file(dir / "register.dump").substr(0, 5), "PGDMP");
    r = run(followup("restore " + quoted(dir / "register.dump")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("pg_restore --no-owner --dbname"));
    // Done as it says, into a new database: the same rows, and the trail with its sealed heads
    // verifies with the same key (SQLite's `restore` seals anew instead: CliAuditSqliteFile).
    const TestDatabase restored;
    r = run("pg_restore --no-owner --dbname '" + restored.url() + "' " + quoted(dir / "register.dump"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("audit verify", restored.url()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("2 entries, the chain is intact"));
    EXPECT_EQ(run(followup("export providers", restored.url())).output, run(followup("export providers")).output);
}

TEST_F(CliPostgres, TheConfigurationsRegisterUrlChoosesPostgresqlWithoutDb) {
    ASSERT_EQ(run(followup_binary() + " init " + quoted(dir / "municipality")).exit_code, 0);
    const fs::path config = dir / "municipality" / "municipality.toml";
    write_file(config, read_file(config) + "\n[register]\nurl = \"" + database.url() + "\"\n");
    ASSERT_EQ(run(followup_binary() + " validate --config " + quoted(config)).exit_code, 0);
    write_providers(2);
    const std::string followup_here =
        "FOLLOWUP_AUDIT_KEY=" + quoted(dir / "audit-key") + " " + followup_binary() + " --config " + quoted(config) + " ";
    auto r = run(followup_here + "import providers " + quoted(dir / "providers.csv"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("created the register 'postgresql://"));
    r = run(followup_here + "audit verify");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("2 entries"));
    EXPECT_FALSE(fs::exists(dir / "followup.sqlite"));
}

}  // namespace

// Issue "Who did it": signed in to PostgreSQL as one officer's role, `--actor` with another name
// is "on behalf of", never the trail's "who"; an officer of the education board can neither read
// nor write an elder-care follow-up; and a read of personal data is logged with the reader's role.
class CliOfficers : public CliPostgres {
protected:
    void SetUp() override {
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }));
        const auto roles = database.sql(read_file(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "docs" / "sql" / "postgres-roles.sql"));
        ASSERT_EQ(roles.exit_code, 0) << roles.output;
        std::random_device rd;
        officer = "ingrid_" + std::to_string(rd() % 100000000u);
        fs::copy(example_config().parent_path(), dir / "config", fs::copy_options::recursive);
        std::ofstream(dir / "config" / "municipality.toml", std::ios::app)
            << "\n[[officers]]\nid = \"" << officer << "\"\nname = \"Ingrid Berg\"\nboards = [\"utbildning\"]\n";
    }
    void TearDown() override { database.sql("DROP ROLE IF EXISTS " + officer + ";"); }
    /// followup with the configuration naming the officer, signed in as `role`, for `actor` if any.
    std::string as(const std::string& role, const std::string& args, const std::string& actor = "") const {
        return "FOLLOWUP_AUDIT_KEY=" + quoted(dir / "audit-key") + " " + followup_binary() + " --config " +
               quoted(dir / "config" / "municipality.toml") + " --db '" + (role.empty() ? database.url() : database.url_as(role)) +
               "'" + (actor.empty() ? "" : " --actor '" + actor + "'") + " " + args;
    }
    std::string sql(const std::string& statement) const {
        const auto r = database.sql(statement);
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return r.output;
    }
    std::string officer;
};

TEST_F(CliOfficers, TheTrailNamesTheSignedInRoleAndOnWhoseBehalfAndTheRoleSeesOnlyItsBoards) {
    // The owner writes the configuration's officers into the tables row-level security reads;
    // an officer without a login role yet is named with what to do.
    auto r = run(as("", "officers sync"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("officer_boards: added officer '" + officer + "', board 'utbildning'"));
    EXPECT_THAT(r.output, HasSubstr("board_areas: added board 'aldre', area 'hemtjanst'"));
    EXPECT_THAT(r.output, HasSubstr("officer '" + officer + "' has no role on the server yet: CREATE ROLE"));
    sql("CREATE ROLE " + officer + " LOGIN IN ROLE followup_officer;");
    r = run(as("", "officers sync"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("nothing had to change"));
    EXPECT_THAT(r.output, Not(HasSubstr("has no role")));

    // Recorded by the officer's role for a colleague: the trail says who signed in, and for whom.
    r = run(as(officer, "record --id v1 --provider 559000-0005 --unit u0 --area forskola --form tillsyn --done 2025-03-10 "
                        "--finding 'barngrupper=mindre_brist:grupperna är stora'", "Karin Lind"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(sql("SELECT DISTINCT actor || '|' || on_behalf_of FROM audit WHERE entity = 'follow_ups' AND key = 'v1';"),
              officer + "|Karin Lind\n");
    r = run(as("", "audit log --kind follow_ups --key v1"));
    EXPECT_THAT(r.output, testing::ContainsRegex(officer + " +insert +follow_ups v1\n +on behalf of: Karin Lind"));

    // Elder care is another board's: nothing written, a refusal on stderr. The officer's role does
    // not even see the provider's authorization in home care, so the refusal is the record's own
    // rule (no authorization in the area, as the officer sees the register).
    r = run(as("", "record --id v0 --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-03-03"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string before = sql("SELECT count(*) FROM follow_ups; SELECT count(*) FROM audit;");
    const std::string elder_care = "record --id v2 --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-03-04";
    r = run("( { " + as(officer, elder_care) + "; } 2>/dev/null )");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_EQ(r.output, "") << "a refusal goes to stderr";
    r = run(as(officer, elder_care));
    EXPECT_THAT(r.output, HasSubstr("nothing was recorded"));
    EXPECT_EQ(sql("SELECT count(*) FROM follow_ups; SELECT count(*) FROM audit;"), before);
    // Nor can the role change the owner's elder-care follow-up by its id.
    r = run(as(officer, "record --id v0 --provider 559100-0038 --area forskola --unit u0 --form tillsyn --done 2025-03-05"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_EQ(sql("SELECT area FROM follow_ups WHERE id = 'v0';"), "hemtjanst\n");
    EXPECT_EQ(sql("SELECT count(*) FROM follow_ups; SELECT count(*) FROM audit;"), before);

    // Nor read: the export of the officer's role has the education board's follow-ups only, as
    // counted by the owner with SQL.
    const std::string own = sql("SELECT count(*) FROM follow_ups WHERE area IN ('forskola', 'pedagogisk_omsorg');");
    ASSERT_NE(sql("SELECT count(*) FROM follow_ups WHERE area = 'hemtjanst';"), "0\n");
    r = run(as(officer, "export follow_ups"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, Not(HasSubstr(";hemtjanst;")));
    EXPECT_EQ(std::to_string(std::count(r.output.begin(), r.output.end(), '\n') - 1) + "\n", own);
    r = run(as(officer, "audit log"));
    EXPECT_THAT(r.output, Not(HasSubstr("hemtjanst"))) << "the trail's images of another board's rows";

    // The reads of personal data are logged, with the role that read and the command.
    EXPECT_THAT(sql("SELECT signed_in || '|' || command || '|' || what FROM read_log ORDER BY line;"),
                testing::ContainsRegex(officer + "\\|export\\|follow_ups [0-9]+"));
    EXPECT_EQ(run(as("", "audit verify")).exit_code, 0);
}
