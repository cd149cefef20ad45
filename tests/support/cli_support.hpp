// What the CLI tests share: the real `followup` binary run on real files, each test with its own
// register, on the example municipality and, for most, the small fixture register
// (tests/fixtures/small). Nothing of the core: the CLI tests see followup as a user does.
//
// The register is a SQLite file in the test's folder, or, when the test program runs with
// $FOLLOWUP_TEST_ENGINE=postgresql (ctest's "postgresql." tests, tests/CMakeLists.txt), a fresh
// database on the PostgreSQL test cluster: the same tests, the same expectations, on both engines.
#pragma once

#include <cstdlib>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "postgres_support.hpp"
#include "test_files.hpp"

namespace followup::test {

/// The built `followup`, quoted for the shell.
inline std::string followup_binary() { return quoted(FOLLOWUP_CLI); }

/// The example municipality (config/ at the top of the source tree): five boards, 17 areas.
inline fs::path example_config() { return fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml"; }

/// A file of the small fixture register: tests/fixtures/small/KIND.csv.
inline fs::path small_fixture(const std::string& kind) {
    return fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "fixtures" / "small" / (kind + ".csv");
}

/// The register engine the CLI tests run on: SQLite unless $FOLLOWUP_TEST_ENGINE says postgresql.
enum class Engine { sqlite, postgresql };

inline Engine test_engine() {
    const char* engine = std::getenv("FOLLOWUP_TEST_ENGINE");
    if (engine == nullptr || *engine == '\0' || std::string(engine) == "sqlite") return Engine::sqlite;
    if (std::string(engine) == "postgresql") return Engine::postgresql;
    // A misspelt engine would silently test SQLite twice.
    throw std::runtime_error("$FOLLOWUP_TEST_ENGINE is '" + std::string(engine) + "': sqlite or postgresql");
}

/// A register of a test's own: the SQLite file it is given, or (PostgreSQL) a fresh database on
/// the test cluster, dropped at the end, with its audit key in the file's folder.
class TestRegister {
public:
    explicit TestRegister(fs::path file, Engine engine = test_engine()) : file_(std::move(file)) {
        if (engine == Engine::postgresql) database_ = std::make_unique<TestDatabase>();
    }

    Engine engine() const { return database_ ? Engine::postgresql : Engine::sqlite; }
    /// What --db takes, and what followup calls the register in its messages (the test
    /// cluster's URLs carry no password for it to hide).
    std::string location() const { return database_ ? database_->url() : file_.string(); }
    /// The audit key's file: beside a SQLite register; for a PostgreSQL register, named in
    /// $FOLLOWUP_AUDIT_KEY (environment()).
    fs::path audit_key() const {
        return database_ ? file_.parent_path() / "audit-key" : fs::path(file_.string() + ".audit-key");
    }
    /// The shell's assignments a command needs in front of it: a PostgreSQL register's audit key
    /// has no place beside it, so it is named.
    std::string environment() const { return database_ ? "FOLLOWUP_AUDIT_KEY=" + quoted(audit_key()) + " " : ""; }
    /// `--db` with the location, quoted for the shell (a URL has '&' and '?').
    std::string db_option() const { return "--db " + quoted(fs::path(location())); }

    /// Runs SQL on the register behind followup's back, as someone with write access to the
    /// file (sqlite3) or to the database (psql, as the superuser) would; fails the test when the
    /// shell is missing or refuses the SQL. The output: one row a line, columns separated by '|'.
    CommandResult sql(const std::string& statements) const {
        CommandResult r;
        if (database_) {
            r = database_->sql(statements);
        } else {
            TempDir scratch;
            write_file(scratch / "statements.sql", statements + "\n");
            r = run("sqlite3 -bail " + quoted(file_) + " < " + quoted(scratch / "statements.sql"));
        }
        EXPECT_EQ(r.exit_code, 0) << (database_ ? "psql" : "sqlite3") << " refused (or is missing): " << statements << "\n" << r.output;
        return r;
    }

    /// Whether there is a register: its file, or any table in the database.
    bool exists() const {
        if (!database_) return fs::exists(file_);
        return sql("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema();").output != "0\n";
    }
    /// What followup says of a register that is not there yet: no file, or a database without one.
    std::string missing_message() const {
        return database_ ? "the database at '" + location() + "' holds no register yet" : "no register at '" + location() + "'";
    }

private:
    fs::path file_;
    std::unique_ptr<TestDatabase> database_;
};

/// The command line running followup on `config` and the register `db`; `options` (global
/// options such as "--actor anna") go before `args`.
inline std::string followup_command(const fs::path& config, const TestRegister& db, const std::string& args,
                                    const std::string& options = "") {
    return db.environment() + followup_binary() + " --config " + quoted(config) + " " + db.db_option() + " " +
           (options.empty() ? "" : options + " ") + args;
}

/// The command line running followup on `config` and the SQLite file `db`, whatever the engine:
/// for what is about files (a register that is not there, a file given by mistake).
inline std::string followup_command(const fs::path& config, const fs::path& db, const std::string& args,
                                    const std::string& options = "") {
    return followup_binary() + " --config " + quoted(config) + " --db " + quoted(db) + " " +
           (options.empty() ? "" : options + " ") + args;
}

/// Imports the small fixture's files of `kinds`, in that order, with `followup` (arguments → the
/// command line); fails with the output of the first import refused.
template <class Followup>
testing::AssertionResult import_small_fixture(const Followup& followup,
                                              std::initializer_list<const char*> kinds = {"providers", "units", "authorizations",
                                                                                          "plans", "follow_ups", "findings",
                                                                                          "decisions", "indicators", "signals"}) {
    for (const char* kind : kinds) {
        const CommandResult r = run(followup(std::string("import ") + kind + " " + quoted(small_fixture(kind))));
        if (r.exit_code != 0) return testing::AssertionFailure() << "import " << kind << ": " << r.output;
    }
    return testing::AssertionSuccess();
}

/// A CLI test in a fresh folder with a register of its own, on the example municipality unless
/// it sets `config`.
class CliTest : public testing::Test {
protected:
    /// The command line running followup with `args` on this test's configuration and register.
    std::string followup(const std::string& args) const { return followup_command(config, register_, args, options); }
    /// The register's name as followup says it: its file or its URL.
    std::string register_location() const { return register_.location(); }

    TempDir dir;
    TestRegister register_{dir / "r.sqlite"};
    fs::path config = example_config();
    std::string options;  ///< global options for every command, e.g. "--actor anna"
};

}  // namespace followup::test
