// The officers' local accounts for the desk's sign-in (issue 33, point 2; app/officer_accounts.hpp):
// the Argon2id hashing (util/password_hash.hpp), the pause rule on plain values
// (store/officer_credentials.hpp), and the sign-in as the desk will call it, on an SQLite register
// and on a PostgreSQL one (the test cluster): the fifth failure in a row pauses, a success resets
// the count, a paused account is refused even with the right password until the pause ends, and
// an id without an account is refused in the same words as a wrong password, after as long.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>

#include "app/officer_accounts.hpp"
#include "store/officer_credentials.hpp"
#include "store/register_copy.hpp"
#include "store/register_location.hpp"
#include "util/password_hash.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace followup::core;
using namespace followup::test;
using namespace std::chrono;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

namespace {

const std::string parameters = "$argon2id$v=19$m=65536,t=3,p=1$";

/// 10:00 UTC on a Monday, as the desk's clock would give it.
const system_clock::time_point monday_ten = sys_days{2030y / January / 7} + 10h;

TEST(PasswordHash, IsArgon2idWithTheStatedParametersAndAFreshSaltEachTime) {
    const std::string first = hash_password("secret-pass-123");
    const std::string second = hash_password("secret-pass-123");
    EXPECT_THAT(first, StartsWith(parameters));
    EXPECT_THAT(second, StartsWith(parameters));
    EXPECT_NE(first, second);  // another salt
    EXPECT_THAT(first, Not(HasSubstr("secret-pass-123")));
    EXPECT_TRUE(password_matches("secret-pass-123", first));
    EXPECT_TRUE(password_matches("secret-pass-123", second));
    EXPECT_FALSE(password_matches("secret-pass-124", first));
    EXPECT_FALSE(password_matches("", first));
    // Made with the same parameters, so that checking against it costs what checking a real one does.
    EXPECT_THAT(hash_of_no_password(), StartsWith(parameters));
    EXPECT_FALSE(password_matches("secret-pass-123", hash_of_no_password()));
}

TEST(PasswordHash, AHashLibargon2CannotReadIsAnErrorNamingWhatWasExpected) {
    try {
        password_matches("secret-pass-123", "$2y$10$notargon");
        FAIL() << "a bcrypt hash was taken for Argon2id";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("expected an Argon2id hash"));
    }
}

TEST(SignInPauseRule, TheFifthFailureInARowPausesForFifteenMinutesAndASuccessEndsTheRow) {
    OfficerCredential account{"anna", "hash", 0, "", "2030-01-01T08:00:00Z"};
    for (int failure = 1; failure <= 4; ++failure) {
        account = after_sign_in(account, false, monday_ten);
        EXPECT_EQ(account.failed_sign_ins, failure);
        EXPECT_FALSE(paused_at(account, monday_ten)) << "after failure " << failure;
    }
    const OfficerCredential fifth = after_sign_in(account, false, monday_ten);
    EXPECT_EQ(fifth.paused_until, "2030-01-07T10:15:00Z");
    EXPECT_EQ(fifth.failed_sign_ins, 0);  // after the pause, as many tries again
    EXPECT_TRUE(paused_at(fifth, monday_ten + 14min + 59s));
    EXPECT_FALSE(paused_at(fifth, monday_ten + 15min));

    // Four failures, a success, four more: never five in a row.
    const OfficerCredential reset = after_sign_in(account, true, monday_ten);
    EXPECT_EQ(reset.failed_sign_ins, 0);
    EXPECT_TRUE(reset.paused_until.empty());
    OfficerCredential again = reset;
    for (int failure = 1; failure <= 4; ++failure) again = after_sign_in(again, false, monday_ten);
    EXPECT_FALSE(paused_at(again, monday_ten));
}

TEST(SignInPauseRule, APauseWhoseEndIsNotATimeKeepsTheAccountPaused) {
    OfficerCredential account{"anna", "hash", 0, "soon", "2030-01-01T08:00:00Z"};
    EXPECT_TRUE(paused_at(account, monday_ten));
    EXPECT_FALSE(parse_utc_text("2030-02-30T10:00:00Z"));  // no such day
    EXPECT_FALSE(parse_utc_text("2030-01-07 10:00:00"));
    ASSERT_TRUE(parse_utc_text("2030-01-07T10:00:00Z"));
    EXPECT_EQ(*parse_utc_text("2030-01-07T10:00:00Z"), monday_ten);
    EXPECT_EQ(utc_text(monday_ten + 1500ms), "2030-01-07T10:00:01Z");
}

/// A configuration with two officers, the example municipality's boards, and a register of its own
/// (an SQLite file, or a database on the test cluster); "paused until" in UTC.
class OfficerAccounts : public testing::TestWithParam<std::string> {
protected:
    void SetUp() override {
        ::setenv("TZ", "UTC", 1);
        ::tzset();
        fs::copy(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config", dir / "config", fs::copy_options::recursive);
        std::ofstream(dir / "config" / "municipality.toml", std::ios::app)
            << "\n[[officers]]\nid = \"anna\"\nname = \"Anna Berg\"\nboards = [\"utbildning\"]\n"
            << "\n[[officers]]\nid = \"karl\"\nname = \"Karl Ek\"\nboards = [\"aldre\", \"social\"]\n";
        if (GetParam() == "postgresql") {
            database = std::make_unique<TestDatabase>();
            ::setenv("FOLLOWUP_AUDIT_KEY", (dir / "audit-key").c_str(), 1);
        }
        const std::string location = database ? database->url() : (dir / "r.sqlite").string();
        // The register made empty, as an administrator's first import would make it.
        open_register(location, RegisterCreation::create_if_missing, database ? std::optional<fs::path>(dir / "audit-key") : std::nullopt);
        options = RegisterOptions{dir / "config" / "municipality.toml", fs::path(location), "", true};
    }
    void TearDown() override { ::unsetenv("FOLLOWUP_AUDIT_KEY"); }

    void set_password(const std::string& officer, const std::string& password) {
        const Outcome set = set_officer_password(options, {officer, password, false, std::nullopt, {}});
        ASSERT_TRUE(set.ok()) << set.problems.front();
    }
    std::unique_ptr<Register> store() const {
        return open_register(options.db->string(), RegisterCreation::must_exist,
                             database ? std::optional<fs::path>(dir / "audit-key") : std::nullopt);
    }

    TempDir dir;
    std::unique_ptr<TestDatabase> database;
    RegisterOptions options;
};

INSTANTIATE_TEST_SUITE_P(EveryDatabase, OfficerAccounts, testing::Values("sqlite", "postgresql"),
                         [](const testing::TestParamInfo<std::string>& tested) { return tested.param; });

TEST_P(OfficerAccounts, TheRightPasswordSignsInWithTheConfigurationsNameAndBoards) {
    set_password("karl", "secret-pass-123");
    const SignInResult signed_in = sign_in(options, "karl", "secret-pass-123", monday_ten);
    ASSERT_TRUE(signed_in.ok()) << signed_in.problems.front();
    EXPECT_TRUE(signed_in.signed_in) << signed_in.refusal;
    EXPECT_EQ(signed_in.officer, "karl");
    EXPECT_EQ(signed_in.name, "Karl Ek");
    EXPECT_EQ(signed_in.boards, (std::vector<std::string>{"aldre", "social"}));
    EXPECT_TRUE(signed_in.refusal.empty());
}

TEST_P(OfficerAccounts, TheFifthFailureInARowPausesAndTheRightPasswordIsRefusedUntilThePauseEnds) {
    set_password("anna", "secret-pass-123");
    for (int failure = 1; failure <= 4; ++failure) {
        const SignInResult refused = sign_in(options, "anna", "wrong-pass-" + std::to_string(failure), monday_ten);
        ASSERT_TRUE(refused.ok()) << refused.problems.front();
        EXPECT_FALSE(refused.signed_in);
        EXPECT_EQ(refused.refusal, "wrong officer id or password") << "failure " << failure;
    }
    EXPECT_EQ(store()->credential("anna")->failed_sign_ins, 4);
    const SignInResult fifth = sign_in(options, "anna", "wrong-pass-5", monday_ten);
    EXPECT_FALSE(fifth.signed_in);
    EXPECT_EQ(fifth.refusal, "wrong officer id or password: paused until 10:15 after 5 failed sign-ins in a row");
    EXPECT_EQ(store()->credential("anna")->paused_until, "2030-01-07T10:15:00Z");

    // The right password, during the pause: refused, and the pause is not lengthened.
    for (const auto at : {monday_ten + 1min, monday_ten + 14min + 59s}) {
        const SignInResult paused = sign_in(options, "anna", "secret-pass-123", at);
        EXPECT_FALSE(paused.signed_in);
        EXPECT_EQ(paused.refusal, "paused until 10:15");
    }
    EXPECT_EQ(store()->credential("anna")->paused_until, "2030-01-07T10:15:00Z");

    // When it ends, the right password signs in, and the account is as new.
    const SignInResult after = sign_in(options, "anna", "secret-pass-123", monday_ten + 15min);
    EXPECT_TRUE(after.signed_in) << after.refusal;
    const auto account = store()->credential("anna");
    EXPECT_EQ(account->failed_sign_ins, 0);
    EXPECT_TRUE(account->paused_until.empty());
}

TEST_P(OfficerAccounts, ASuccessResetsTheCountOfFailures) {
    set_password("anna", "secret-pass-123");
    for (int failure = 1; failure <= 4; ++failure) sign_in(options, "anna", "wrong", monday_ten);
    EXPECT_TRUE(sign_in(options, "anna", "secret-pass-123", monday_ten).signed_in);
    EXPECT_EQ(store()->credential("anna")->failed_sign_ins, 0);
    for (int failure = 1; failure <= 4; ++failure) EXPECT_EQ(sign_in(options, "anna", "wrong", monday_ten).refusal, "wrong officer id or password");
    // Four in a row since the success: not paused.
    EXPECT_TRUE(sign_in(options, "anna", "secret-pass-123", monday_ten).signed_in);
}

TEST_P(OfficerAccounts, ANewPasswordEndsAPause) {
    set_password("anna", "secret-pass-123");
    for (int failure = 1; failure <= 5; ++failure) sign_in(options, "anna", "wrong", monday_ten);
    ASSERT_EQ(sign_in(options, "anna", "secret-pass-123", monday_ten).refusal, "paused until 10:15");
    set_password("anna", "another-pass-456");
    EXPECT_TRUE(sign_in(options, "anna", "another-pass-456", monday_ten).signed_in);
    EXPECT_FALSE(sign_in(options, "anna", "secret-pass-123", monday_ten).signed_in);
}

TEST_P(OfficerAccounts, AnIdWithoutAnAccountIsRefusedInTheSameWordsAfterAsLong) {
    set_password("anna", "secret-pass-123");
    const std::size_t before_wrong = password_checks_made();
    const SignInResult wrong = sign_in(options, "anna", "wrong-pass-123", monday_ten);
    EXPECT_EQ(password_checks_made(), before_wrong + 1) << "a wrong password: one check";
    // Not among the configured officers, and configured without a password: refused in the same
    // words after one check against a hash, as a wrong password is (counted, not timed).
    for (const std::string id : {"nobody", "karl"}) {
        const std::size_t before = password_checks_made();
        const SignInResult unknown = sign_in(options, id, "secret-pass-123", monday_ten);
        ASSERT_TRUE(unknown.ok()) << unknown.problems.front();
        EXPECT_FALSE(unknown.signed_in);
        EXPECT_EQ(unknown.refusal, wrong.refusal) << id;
        EXPECT_EQ(password_checks_made(), before + 1) << id << ": refused without checking a hash, or after more than one";
    }
    // An unknown id is never written: no account made for it, and no failure counted.
    EXPECT_FALSE(store()->credential("nobody"));
    EXPECT_FALSE(store()->credential("karl"));
}

TEST_P(OfficerAccounts, SettingAPasswordIsOneAuditEntryWithoutTheHashAndTheTrailVerifies) {
    set_password("anna", "secret-pass-123");
    set_password("anna", "another-pass-456");
    for (int failure = 1; failure <= 5; ++failure) sign_in(options, "anna", "wrong", monday_ten);  // not audited
    auto register_ = store();
    const auto account = register_->credential("anna");
    ASSERT_TRUE(account);
    EXPECT_THAT(account->hash, StartsWith(parameters));
    const auto entries = register_->audit_log("officer_credentials", "anna");
    ASSERT_EQ(entries.size(), 2u);
    for (const auto& e : entries) {
        EXPECT_EQ(e.action, "credential set");
        EXPECT_THAT(e.before + e.after, Not(HasSubstr("argon2")));
        EXPECT_THAT(e.before + e.after, Not(HasSubstr("pass")));
    }
    EXPECT_EQ(entries[0].before, "");
    EXPECT_EQ(entries[1].before, entries[0].after);  // the chain: the second set starts where the first left it
    EXPECT_EQ(entries[1].after, "[\"anna\",\"" + account->changed + "\"]");
    EXPECT_TRUE(register_->verify_audit().empty()) << register_->verify_audit().front().message;
}

TEST_P(OfficerAccounts, ACopyOfTheRegisterKeepsThePasswords) {
    set_password("anna", "secret-pass-123");
    const auto from = store();
    const auto to = open_register((dir / "copy.sqlite").string(), RegisterCreation::create_if_missing, std::nullopt);
    copy_register(*from, *to);
    ASSERT_TRUE(to->credential("anna"));
    EXPECT_EQ(to->credential("anna")->hash, from->credential("anna")->hash);
    EXPECT_EQ(to->credentials().size(), 1u);
    EXPECT_TRUE(to->verify_audit().empty());
}

}  // namespace
