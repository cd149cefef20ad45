// What the CLI tests share: the real `followup` binary run on real files, each test with its own
// register in its own folder, on the example municipality and, for most, the small fixture
// register (tests/fixtures/small). Nothing of the core: the CLI tests see followup as a user does.
#pragma once

#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

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

/// The command line running followup on `config` and the register `db`; `options` (global
/// options such as "--actor anna") go before `args`.
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
                                                                                          "follow_ups", "findings", "decisions",
                                                                                          "indicators", "signals"}) {
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
    std::string followup(const std::string& args) const { return followup_command(config, register_file(), args, options); }
    fs::path register_file() const { return dir / "r.sqlite"; }

    TempDir dir;
    fs::path config = example_config();
    std::string options;  ///< global options for every command, e.g. "--actor anna"
};

}  // namespace followup::test
