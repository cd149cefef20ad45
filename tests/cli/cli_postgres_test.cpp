// What only a PostgreSQL register has, through the real binary (`--db postgresql://…`, a fresh
// database on the test cluster): the URL's problems said without its password, a database that
// holds no register yet, the audit key to be named, backups through pg_dump, the configuration's
// URL. The rest of the CLI suite runs on PostgreSQL too, as the "postgresql." tests
// (cli_support.hpp, tests/CMakeLists.txt BOTH_ENGINES).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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
