// The register's commands through the real binary: import/export, audit verify after an edit
// with the sqlite3 CLI, backup and restore, and an import killed with SIGKILL half-way.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "cli_support.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

class CliRegister : public CliTest {
protected:
    CliRegister() { options = "--actor anna"; }
    void write_providers(int count) {
        std::string csv = "org_number;name;ownership;continuity_plan\n";
        for (int i = 1; i <= count; ++i) csv += org_number(i) + ";Anordnare " + std::to_string(i) + ";private;\n";
        write_file(dir / "providers.csv", csv);
    }
};

TEST_F(CliRegister, ImportExportAndAuditVerifyAfterAnEditWithTheSqlite3Cli) {
    write_providers(3);
    auto r = run(followup("import providers " + quoted(dir / "providers.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("3 providers: 3 new, 0 changed, 0 unchanged"));
    r = run(followup("import providers " + quoted(dir / "providers.csv")));
    EXPECT_THAT(r.output, HasSubstr("0 new, 0 changed, 3 unchanged"));
    r = run(followup("export providers --out " + quoted(dir / "out.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_file(dir / "out.csv"), read_file(dir / "providers.csv"));

    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("3 entries, the chain is intact"));
    r = run("sqlite3 " + quoted(dir / "r.sqlite") + " \"UPDATE providers SET name = 'Fusk AB' WHERE org_number = '" +
            org_number(2) + "'\"");
    ASSERT_EQ(r.exit_code, 0) << "the sqlite3 CLI is needed for this test: " << r.output;
    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entry 2 (insert providers '" + org_number(2) + "'"));
    EXPECT_THAT(r.output, HasSubstr("by anna"));
    EXPECT_THAT(r.output, HasSubstr("Fusk AB"));
    EXPECT_THAT(r.output, HasSubstr("changed behind followup's back"));
}

TEST_F(CliRegister, ABadFileIsReportedRowByRowAndImportsNothing) {
    write_file(dir / "bad.csv", "org_number;name;ownership;continuity_plan\n" + org_number(1) + ";A;private;\n556000-0000;B;private;\n" +
                                    org_number(3) + ";;privat;\n");
    const auto r = run(followup("import providers " + quoted(dir / "bad.csv")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("bad.csv:3: org_number: found \"556000-0000\""));
    EXPECT_THAT(r.output, HasSubstr("bad.csv:4: name: found an empty value"));
    EXPECT_THAT(r.output, HasSubstr("bad.csv:4: ownership: found \"privat\""));
    EXPECT_THAT(r.output, HasSubstr("3 problem(s)"));
    EXPECT_EQ(run(followup("export providers")).output, "org_number;name;ownership;continuity_plan\n");
    EXPECT_THAT(run(followup("import frobs " + quoted(dir / "bad.csv"))).output, HasSubstr("unknown kind 'frobs'"));
}

TEST_F(CliRegister, BackupAndRestoreKeepTheReplacedRegister) {
    write_providers(2);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    auto r = run(followup("backup " + quoted(dir / "b.sqlite")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    write_providers(5);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    r = run(followup("restore " + quoted(dir / "b.sqlite")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("kept the current register as"));
    const auto exported = run(followup("export providers")).output;
    EXPECT_THAT(exported, HasSubstr(org_number(2)));
    EXPECT_THAT(exported, testing::Not(HasSubstr(org_number(3))));
    EXPECT_EQ(run(followup("audit verify")).exit_code, 0);
    r = run(followup("restore " + quoted(dir / "providers.csv")));
    EXPECT_EQ(r.exit_code, 1);
}

TEST_F(CliRegister, AnImportKilledHalfWayLeavesAConsistentRegisterAndCanBeRunAgain) {
    write_providers(5);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    // Enough rows that the transaction spills pages into the WAL before it commits.
    std::string csv = "key_figure;provider;unit;period_from;period_to;value;answers\n";
    for (int i = 0; i < 400000; ++i)
        csv += "k" + std::to_string(i % 4000) + ";" + org_number(1 + i % 5) + ";;" + std::to_string(2000 + i / 4000) + "-01-01;" +
               std::to_string(2000 + i / 4000) + "-12-31;" + std::to_string(i % 97) + ".5;" + std::to_string(i % 40) + "\n";
    // Unique keys: the key figure is i % 4000 and the period i / 4000 (the years 2000–2099: an
    // import refuses dates outside 1990–2100).
    write_file(dir / "big.csv", csv);

    const pid_t child = fork();
    if (child == 0) {
        const std::string command = followup("import indicators " + quoted(dir / "big.csv")) + " > /dev/null 2>&1";
        execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const fs::path wal = dir / "r.sqlite-wal", journal = dir / "r.sqlite-journal";
    const auto size_before = fs::file_size(dir / "r.sqlite");
    bool killed_mid_write = false;
    // Watch until the import writes (with a large page cache the transaction's pages are written
    // as it commits), for as long as it takes under a sanitizer, at most two minutes. 400,000 rows
    // are a bulk load, written through a rollback journal into the file itself (store/
    // sqlite_writer.cpp); a smaller import would write into the WAL: either is watched.
    for (int i = 0; i < 60000; ++i) {
        std::error_code ec;
        const bool into_wal = fs::exists(wal) && fs::file_size(wal, ec) > 2 * 1024 * 1024;
        const bool into_file = fs::exists(journal) && fs::file_size(dir / "r.sqlite", ec) > size_before + 2 * 1024 * 1024;
        if (into_wal || into_file) {
            ::kill(child, SIGKILL);
            killed_mid_write = true;
            break;
        }
        if (waitpid(child, nullptr, WNOHANG) == child) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(killed_mid_write) << "the import ended before it could be killed mid-write";
    ASSERT_TRUE(WIFSIGNALED(status));

    auto r = run("sqlite3 " + quoted(dir / "r.sqlite") + " 'PRAGMA integrity_check; SELECT count(*) FROM indicators;'");
    EXPECT_EQ(r.output, "ok\n0\n") << "all or nothing";
    EXPECT_EQ(run(followup("audit verify")).exit_code, 0);
    r = run(followup("import indicators " + quoted(dir / "big.csv")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("400000 indicators: 400000 new"));
}

}  // namespace
