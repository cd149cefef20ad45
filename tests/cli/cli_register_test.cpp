// The register's commands through the real binary, on SQLite and on PostgreSQL (cli_support.hpp):
// import/export, audit verify after an edit behind followup's back (sqlite3 or psql), and an
// import killed with SIGKILL half-way; on SQLite files, backup and restore of the file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
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

TEST_F(CliRegister, ImportExportAndAuditVerifyAfterAnEditBehindFollowupsBack) {
    write_providers(3);
    auto r = run(followup("import providers " + quoted(dir / "providers.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("created the register '" + register_location() + "'"));
    EXPECT_THAT(r.output, HasSubstr("3 providers: 3 new, 0 changed, 0 unchanged"));
    r = run(followup("import providers " + quoted(dir / "providers.csv")));
    EXPECT_THAT(r.output, HasSubstr("0 new, 0 changed, 3 unchanged"));
    r = run(followup("export providers --out " + quoted(dir / "out.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_file(dir / "out.csv"), read_file(dir / "providers.csv"));

    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("3 entries, the chain is intact"));
    ASSERT_EQ(register_.sql("UPDATE providers SET name = 'Fusk AB' WHERE org_number = '" + org_number(2) + "';").exit_code, 0);
    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("entry 2 (insert providers '" + org_number(2) + "'"));
    EXPECT_THAT(r.output, HasSubstr("on behalf of anna"));  // by whoever runs the test: the OS user
    EXPECT_THAT(r.output, HasSubstr("Fusk AB"));
    EXPECT_THAT(r.output, HasSubstr("changed behind followup's back"));
    r = run(followup("audit log --kind providers --key " + org_number(2)));
    EXPECT_THAT(r.output, HasSubstr("1 audit entry"));
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

// `backup` and `restore` copy SQLite files; a PostgreSQL register's backup is the server's dump,
// restored with pg_restore (cli_postgres_test).
class CliRegisterSqliteFile : public CliRegister {
protected:
    /// Runs `command` (a shell command line) while another process holds the register's file locked
    /// as a bulk import does (a rollback journal, an exclusive transaction) for `seconds`. The
    /// command starts once the lock is held (the holder says so with a file), not after a guess.
    CommandResult while_another_writes(const std::string& seconds, const std::string& command) {
        write_file(dir / "hold.py", "import sqlite3, sys, time\n"
                                    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                    "c.execute('PRAGMA journal_mode=DELETE')\n"
                                    "c.execute('BEGIN EXCLUSIVE')\n"
                                    "c.execute('UPDATE providers SET name = name')\n"
                                    "open(sys.argv[2], 'w').close()\n"
                                    "time.sleep(" + seconds + ")\n"
                                    "c.execute('COMMIT')\n"
                                    "c.execute('PRAGMA journal_mode=WAL')\n");
        return run("/usr/bin/python3 " + quoted(dir / "hold.py") + " " + quoted(fs::path(register_location())) + " " + quoted(dir / "held") +
                   " & while [ ! -e " + quoted(dir / "held") + " ]; do sleep 0.05; done; " + command + "; status=$?; wait; exit $status");
    }
};

TEST_F(CliRegisterSqliteFile, BackupAndRestoreKeepTheReplacedRegister) {
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

// Issue 30: a command waits for another's write instead of failing at once with "database is
// locked". Another process holds the register's file locked as a bulk import does (a rollback
// journal, an exclusive transaction) for a second and a half; an export started meanwhile waits
// and succeeds. (Before, the busy timeout was set after the opening statements, which took a
// lock: the export failed in 16 ms.)
// Issue 30: the wait is the configuration's ([register] wait_seconds), and a command that waited
// it out says so, on standard error, with the key to raise, and writes nothing.
TEST_F(CliRegisterSqliteFile, ACommandThatWaitedItsConfiguredTimeSaysSo) {
    write_providers(3);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    fs::copy(example_config().parent_path(), dir / "cfg", fs::copy_options::recursive);
    write_file(dir / "cfg" / "municipality.toml", read_file(dir / "cfg" / "municipality.toml") + "\n[register]\nwait_seconds = 0\n");
    config = dir / "cfg" / "municipality.toml";
    const auto r = while_another_writes("2", followup("export providers") + " 2>" + quoted(dir / "err"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(read_file(dir / "err"), HasSubstr("[register] wait_seconds allows"));
    EXPECT_THAT(r.output, testing::Not(HasSubstr(org_number(3))));
}

/// `rows` values of key figures of the first 50 providers (write_providers(50)): of key figures the
/// example declares (an import refuses any other), values within their units, unique keys.
std::string many_key_figure_values(int rows) {
    const std::vector<std::string> key_figures{"nojdhet_undervisning", "nojdhet_bemotande", "beslutade_timmar", "utforda_timmar"};
    std::string csv = "key_figure;provider;unit;period_from;period_to;value;answers\n";
    for (int i = 0; i < rows; ++i) {
        // Unique keys: the key figure is i % 4, the provider (i / 4) % 50 and the day i / 200
        // from New Year 2000 (some five years: an import refuses dates outside 1990–2100).
        const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::year{2000} / 1 / 1} + std::chrono::days{i / 200}};
        char date[32];  // room for any int year, as the compiler checks
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                      static_cast<unsigned>(day.day()));
        csv += key_figures[static_cast<std::size_t>(i % 4)] + ";" + org_number(1 + (i / 4) % 50) + ";;" + date + ";" + date + ";" +
               std::to_string(i % 97) + ".5;" + std::to_string(i % 40) + "\n";
    }
    return csv;
}

// Issue 30, point 7: a command that waited in vain says which command holds the register: a
// large import (a bulk load, which holds the file exclusively) leaves its note beside the register
// while it writes, and the export started meanwhile names it.
TEST_F(CliRegisterSqliteFile, ACommandThatWaitedInVainNamesTheCommandThatHoldsTheRegister) {
    write_providers(50);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    write_file(dir / "big.csv", many_key_figure_values(400000));
    fs::copy(example_config().parent_path(), dir / "cfg", fs::copy_options::recursive);
    write_file(dir / "cfg" / "municipality.toml", read_file(dir / "cfg" / "municipality.toml") + "\n[register]\nwait_seconds = 0\n");
    config = dir / "cfg" / "municipality.toml";
    const pid_t child = fork();
    if (child == 0) {
        const std::string command = followup("import indicators " + quoted(dir / "big.csv")) + " > /dev/null 2>&1";
        execl("/bin/sh", "sh", "-c", ("exec env " + command).c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    const fs::path note = dir / "r.sqlite.writer", journal = dir / "r.sqlite-journal";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    bool holding = false;
    while (!holding && std::chrono::steady_clock::now() < deadline && waitpid(child, nullptr, WNOHANG) == 0) {
        holding = fs::exists(note) && fs::exists(journal);
        if (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    CommandResult r;
    if (holding) r = run(followup("export providers") + " 2>" + quoted(dir / "err"));
    waitpid(child, nullptr, 0);
    ASSERT_TRUE(holding) << "the import ended before it was seen writing";
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output + read_file(dir / "err"), testing::ContainsRegex("it is held by `followup import` run by [^(]+ \\(process [0-9]+\\) since"));
    EXPECT_FALSE(fs::exists(note)) << "the note is gone with the write";
    EXPECT_EQ(run(followup("export providers")).exit_code, 0);
}

TEST_F(CliRegisterSqliteFile, ACommandWaitsForAnotherWriteInsteadOfFailing) {
    write_providers(3);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    const auto r = while_another_writes("1.5", followup("export providers"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr(org_number(3)));
    EXPECT_THAT(r.output, testing::Not(HasSubstr("database is locked")));
}

TEST_F(CliRegister, AnImportKilledHalfWayLeavesAConsistentRegisterAndCanBeRunAgain) {
    write_providers(50);
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "providers.csv"))).exit_code, 0);
    // Enough rows that the transaction spills pages into the WAL before it commits.
    write_file(dir / "big.csv", many_key_figure_values(400000));

    const pid_t child = fork();
    if (child == 0) {
        const std::string command = followup("import indicators " + quoted(dir / "big.csv")) + " > /dev/null 2>&1";
        // `env` runs the command line's assignments ($FOLLOWUP_AUDIT_KEY on PostgreSQL) in the
        // same process, so that the pid killed is followup's.
        execl("/bin/sh", "sh", "-c", ("exec env " + command).c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Whether the import is writing, not yet committed: kill it then.
    std::function<bool()> writing;
    if (register_.engine() == Engine::sqlite) {
        // 400,000 rows are a bulk load, written through a rollback journal into the file itself
        // (store/sqlite_writer.cpp); a smaller import would write into the WAL: either is watched.
        // With a large page cache the transaction's pages are written as it commits.
        const fs::path file = dir / "r.sqlite", wal = dir / "r.sqlite-wal", journal = dir / "r.sqlite-journal";
        const auto size_before = fs::file_size(file);
        writing = [=] {
            std::error_code ec;
            const bool into_wal = fs::exists(wal) && fs::file_size(wal, ec) > 2 * 1024 * 1024;
            const bool into_file = fs::exists(journal) && fs::file_size(file, ec) > size_before + 2 * 1024 * 1024;
            return into_wal || into_file;
        };
    } else {
        // The server's progress of the import's COPY into this database (store/postgres_bulk.cpp):
        // a quarter of the rows are on the server, inside the import's transaction.
        writing = [this] {
            return register_.sql("SELECT coalesce(max(tuples_processed), 0) > 100000 FROM pg_stat_progress_copy "
                                 "WHERE datname = current_database();").output == "t\n";
        };
    }
    bool killed_mid_write = false;
    // Watch for as long as it takes under a sanitizer, at most two minutes.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    while (std::chrono::steady_clock::now() < deadline) {
        if (writing()) {
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

    if (register_.engine() == Engine::sqlite) {
        const auto checked = register_.sql("PRAGMA integrity_check;");
        EXPECT_EQ(checked.output, "ok\n");
    }
    auto r = register_.sql("SELECT count(*) FROM indicators;");
    EXPECT_EQ(r.output, "0\n") << "all or nothing";
    EXPECT_EQ(run(followup("audit verify")).exit_code, 0);
    r = run(followup("import indicators " + quoted(dir / "big.csv")));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("400000 indicators: 400000 new"));
}

}  // namespace
