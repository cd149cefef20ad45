// `followup officer password|add|list` (issue 33, point 2: the desk's local accounts): the password
// read from standard input, stored as an Argon2id hash with the stated parameters, never in the
// audit trail nor in what followup prints; each refusal names what it found and what it expected,
// and writes nothing; on SQLite and on PostgreSQL (cli_support.hpp). What is stored is read with the
// sqlite3 shell or psql, not through followup.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

const std::string argon2id_parameters = "$argon2id$v=19$m=65536,t=3,p=1$";

/// The example municipality with two officers, and a register holding the small fixture's providers.
class CliOfficer : public CliTest {
protected:
    void SetUp() override {
        fs::copy(example_config().parent_path(), dir / "config", fs::copy_options::recursive);
        config = dir / "config" / "municipality.toml";
        std::ofstream(config, std::ios::app) << "\n[[officers]]\nid = \"anna\"\nname = \"Anna Berg\"\nboards = [\"utbildning\"]\n"
                                             << "\n[[officers]]\nid = \"karl\"\nname = \"Karl Ek\"\nboards = [\"aldre\", \"social\"]\n";
        ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
    }
    /// followup with `args`, its standard input `input` (printf's format: "\\n" ends the line).
    CommandResult with_input(const std::string& input, const std::string& args) const {
        return run("printf '" + input + "' | " + followup(args));
    }
    std::string sql(const std::string& statement) const { return register_.sql(statement).output; }
    std::string accounts() const { return sql("SELECT count(*) FROM officer_credentials;"); }
};

TEST_F(CliOfficer, ThePasswordIsStoredAsAnArgon2idHashAndNeitherItNorTheHashIsPrintedOrInTheTrail) {
    auto r = with_input("secret-pass-123\\n", "officer password anna");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("set the password of officer 'anna' (Anna Berg; boards utbildning)"));
    EXPECT_THAT(r.output, Not(HasSubstr("secret-pass-123")));
    EXPECT_THAT(r.output, Not(HasSubstr("argon2")));
    const std::string hash = sql("SELECT hash FROM officer_credentials WHERE officer = 'anna';");
    EXPECT_EQ(hash.rfind(argon2id_parameters, 0), 0u) << hash;
    EXPECT_EQ(sql("SELECT failed_sign_ins FROM officer_credentials WHERE officer = 'anna';"), "0\n");

    // Changed: one more entry, still without either.
    r = with_input("another-pass-456\\n", "officer password anna");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(sql("SELECT hash FROM officer_credentials WHERE officer = 'anna';"), hash);

    r = run(followup("audit log --kind officer_credentials"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, testing::ContainsRegex("credential set officer_credentials anna\n +after: +\\[\"anna\",\"20"));
    EXPECT_THAT(r.output, HasSubstr("2 audit entries"));
    r = run(followup("audit log"));
    for (const std::string secret : {"argon2", "secret-pass-123", "another-pass-456"}) EXPECT_THAT(r.output, Not(HasSubstr(secret)));
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'officer_credentials' AND action = 'credential set';"), "2\n");
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE before LIKE '%argon2%' OR after LIKE '%argon2%' OR key LIKE '%argon2%' OR "
                  "before LIKE '%pass-%' OR after LIKE '%pass-%';"),
              "0\n");
    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    // Not a record kind: nothing to export.
    r = run(followup("export officer_credentials"));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_THAT(r.output, HasSubstr("unknown kind 'officer_credentials'"));
}

TEST_F(CliOfficer, EachRefusalNamesWhatItFoundAndWhatItExpectedAndSetsNothing) {
    // An id the configuration does not name: the key to add.
    auto r = with_input("secret-pass-123\\n", "officer password olle");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("'olle' is not an officer in '" + config.string() + "' (its [[officers]] are anna, karl): add an "
                                    "[[officers]] table with id = \"olle\", name and boards"));
    // Too short, counted in characters: "lösenord-åäö" is 12 characters in 15 bytes; one fewer is refused.
    r = with_input("lösenord-åä\\n", "officer password anna");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("the password read from standard input has 11 characters; it must have at least 12"));
    EXPECT_THAT(r.output, Not(HasSubstr("lösenord")));
    // Nothing on standard input.
    r = run(followup("officer password anna < /dev/null"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("no password on standard input: expected it as the first line"));
    // `officer add` saying a name or boards other than the configuration's.
    r = with_input("secret-pass-123\\n", "officer add karl --name 'Karl Eriksson' --board social");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("--name 'Karl Eriksson': '" + config.string() + "' names officer 'karl' 'Karl Ek'"));
    EXPECT_THAT(r.output, HasSubstr("--board social: '" + config.string() + "' gives officer 'karl' the boards aldre, social"));
    EXPECT_EQ(accounts(), "0\n");
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'officer_credentials';"), "0\n");

    // The first line only, without its line end ("\r\n" too): the second line is not part of it.
    r = with_input("lösenord-åäö\\r\\nsecond line\\n", "officer password anna");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(accounts(), "1\n");
}

TEST_F(CliOfficer, AddGivesAFirstPasswordOnlyAndSaysToUsePasswordToChangeIt) {
    // The spelling, with the configuration's name and boards (in any order).
    auto r = with_input("secret-pass-123\\n", "officer add karl --name 'Karl Ek' --board social --board aldre");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("added the password of officer 'karl' (Karl Ek; boards aldre, social)"));
    const std::string hash = sql("SELECT hash FROM officer_credentials WHERE officer = 'karl';");
    r = with_input("another-pass-456\\n", "officer add karl");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("officer 'karl' has a password already in '" + register_location() +
                                    "': use `followup officer password karl` to change it"));
    EXPECT_EQ(sql("SELECT hash FROM officer_credentials WHERE officer = 'karl';"), hash);
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'officer_credentials';"), "1\n");
}

TEST_F(CliOfficer, ListShowsEachConfiguredOfficerByNameWithBoardsPasswordAndPause) {
    auto r = run(followup("officer list"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("Anna Berg (anna): boards utbildning; no password\nKarl Ek (karl): boards aldre, social; no password\n"
                                    "2 officer(s), 0 with a password"));
    ASSERT_EQ(with_input("secret-pass-123\\n", "officer password karl").exit_code, 0);
    // Paused after failed sign-ins (which only the desk records), and a password left for an id
    // the configuration no longer names.
    register_.sql("UPDATE officer_credentials SET paused_until = '2099-01-07T10:15:00Z' WHERE officer = 'karl';"
                  "INSERT INTO officer_credentials (officer, hash, failed_sign_ins, changed) VALUES ('olle', 'x', 3, "
                  "'2025-01-01T00:00:00Z');");
    r = run("TZ=UTC " + followup("officers list"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, testing::ContainsRegex("Karl Ek \\(karl\\): boards aldre, social; password set 20[0-9-]+T[0-9:]+Z; paused "
                                                 "until 2099-01-07 10:15\n"));
    EXPECT_THAT(r.output, HasSubstr("2 officer(s), 1 with a password"));
    EXPECT_THAT(r.output, HasSubstr("warning: the register holds a password for 'olle', who is not among the [[officers]] of '" +
                                    config.string() + "': they cannot sign in"));
    // Without officers in the configuration: the key to add.
    r = run(followup_command(example_config(), register_, "officer list"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("names no officers: add an [[officers]] table for each"));
}

TEST_F(CliOfficer, TheSingularAndThePluralNameTheSameCommands) {
    // `officers sync` is as it was (on SQLite the file's owner and group are the access control,
    // and it says so). Run once first: on PostgreSQL the second run finds nothing to change.
    run(followup("officers sync"));
    const auto plural = run(followup("officers sync"));
    const auto singular = run(followup("officer sync"));
    EXPECT_EQ(plural.exit_code, singular.exit_code);
    EXPECT_EQ(plural.output, singular.output);
    if (register_.engine() == Engine::sqlite) {
        EXPECT_THAT(plural.output, HasSubstr("an SQLite register does not tell officers apart"));
    }
}

}  // namespace
