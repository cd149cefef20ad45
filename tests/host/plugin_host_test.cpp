// The plugin host against purpose-built test plugins: every refusal has its reason, and nothing a
// plugin does takes the host down.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "calendar/swedish_calendar.hpp"
#include "followup/sdk/error.hpp"
#include "host/plugin_host.hpp"
#include "store/memory_register.hpp"
#include "scales/scale_registry.hpp"
#include "test_support.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;
using followup::test::TempDir;
using followup::test::test_plugin;
using followup::test::test_plugin_dir;
using testing::HasSubstr;

namespace {

class PluginHostTest : public testing::Test {
protected:
    MemoryRegister register_view;
    ScaleRegistry scales = ScaleRegistry::with_builtin_scales();
    SwedishCalendar calendar;
    HostContext context() { return {register_view, scales, calendar}; }

    PluginRefused refusal_of(const fs::path& path, const std::optional<std::string>& sha = {}) {
        PluginHost host(context());
        LoadOutcome outcome = host.load(path, sha);
        EXPECT_FALSE(outcome) << path << " was loaded but should have been refused";
        return outcome.refusal.value_or(PluginRefused{Refusal::load_failed, "(loaded)"});
    }
};

bool is_mapped(const fs::path& library) {
    return followup::test::read_file("/proc/self/maps").find(library.string()) != std::string::npos;
}

TEST_F(PluginHostTest, LoadsTheGoodPluginAndCallsIt) {
    PluginHost host(context());
    LoadOutcome outcome = host.load(test_plugin("good"));
    ASSERT_TRUE(outcome) << outcome.refusal->message;
    EXPECT_EQ(outcome.plugin->id(), "good");
    EXPECT_EQ(outcome.plugin->version(), "1.0.0");
    EXPECT_EQ(outcome.plugin->sdk_abi(), sdk::abi_version);
    const sdk::ModelDescription model = outcome.plugin->describe();
    ASSERT_EQ(model.boards.size(), 1u);
    EXPECT_EQ(model.boards[0].name, "Testnämnden");
    EXPECT_EQ(outcome.plugin->regulation_claims().size(), 3u);
}

TEST_F(PluginHostTest, PluginReadsTheRegisterAndCalendarThroughHostServices) {
    register_view.providers.push_back({"556000-0001", "Förskolan Ekorren AB", sdk::Ownership::private_company});
    register_view.authorizations_list.push_back({"556000-0001", "test_area", sdk::AuthorizationStatus::active,
                                                 std::chrono::year{2020} / 1 / 1, std::nullopt});
    PluginHost host(context());
    LoadOutcome outcome = host.load(test_plugin("good"));
    ASSERT_TRUE(outcome);
    const auto plan = outcome.plugin->plan_year({2025});
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].provider, "556000-0001");
    EXPECT_EQ(plan[0].window.last, std::chrono::year{2025} / 12 / 31);
}

/// A register whose connection is gone: every read fails, as a PostgreSQL register's does after
/// the server restarted.
class LostRegister final : public sdk::RegisterView {
public:
    [[noreturn]] static void lost() { throw std::runtime_error("server closed the connection unexpectedly"); }
    std::vector<sdk::Provider> providers_in_area(std::string_view) const override { lost(); }
    std::vector<sdk::Authorization> authorizations(std::string_view, std::string_view) const override { lost(); }
    std::vector<sdk::Unit> units_of(std::string_view) const override { lost(); }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view, std::string_view) const override { lost(); }
    std::vector<sdk::Finding> findings(std::string_view) const override { lost(); }
    std::vector<sdk::Decision> decisions(std::string_view) const override { lost(); }
    std::vector<sdk::ProcessStep> steps(std::string_view) const override { lost(); }
    std::optional<sdk::Closure> closure(std::string_view) const override { lost(); }
    std::optional<sdk::Assessment> stored_assessment(std::string_view) const override { lost(); }
    std::vector<sdk::Signal> signals(std::string_view, std::string_view) const override { lost(); }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view, std::string_view) const override { lost(); }
};

TEST_F(PluginHostTest, ARegisterThatCannotAnswerAPluginStopsTheCommandInsteadOfFailingTheCall) {
    // Isolated (the long-lived child asks the host) and trusted (the plugin reads it in-process)
    // alike: not a PluginCallError, which a command reports and goes on after, call after call.
    for (const bool isolated : {true, false}) {
        LostRegister lost;
        PluginHost host({lost, scales, calendar}, {}, PluginCalls{isolated, std::chrono::seconds(30)});
        LoadOutcome outcome = host.load(test_plugin("good"));
        ASSERT_TRUE(outcome) << outcome.refusal->message;
        try {
            outcome.plugin->plan_year({2025, "test"});
            ADD_FAILURE() << "plan_year answered from a register that cannot be read";
        } catch (const PluginCallError& e) {
            ADD_FAILURE() << "a failure of the register reported as the plugin's: " << e.what();
        } catch (const RegisterUnreadable& e) {
            EXPECT_THAT(e.what(), HasSubstr("the register could not answer what plugin 'good' asked in plan_year(): "));
            EXPECT_THAT(e.what(), HasSubstr("server closed the connection unexpectedly"));
            EXPECT_THAT(e.what(), HasSubstr("the command stops"));
        }
        // The same plugin on a register that answers goes on as before.
        PluginHost fine(context(), {}, PluginCalls{isolated, std::chrono::seconds(30)});
        LoadOutcome again = fine.load(test_plugin("good"));
        ASSERT_TRUE(again);
        EXPECT_NO_THROW(again.plugin->plan_year({2025, "test"})) << (isolated ? "isolated" : "trusted");
    }
}

TEST_F(PluginHostTest, AnIsolatedModelSeesTheRegisterAsItIsAtEachCallNotAsItWasWhenItsChildWasMade) {
    // The model's calls go to one long-lived child; the register changes between them, as the
    // example generator's does between two assessments.
    register_view.providers.push_back({"556000-0001", "Förskolan Ekorren AB", sdk::Ownership::private_company});
    register_view.authorizations_list.push_back({"556000-0001", "test_area", sdk::AuthorizationStatus::active,
                                                 std::chrono::year{2020} / 1 / 1, std::nullopt});
    PluginHost host(context(), {}, PluginCalls{true, std::chrono::seconds(10)});
    LoadOutcome outcome = host.load(test_plugin("good"));
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome.plugin->plan_year({2025}).size(), 1u);
    register_view.providers.push_back({"556000-0002", "Förskolan Igelkotten AB", sdk::Ownership::private_company});
    register_view.authorizations_list.push_back({"556000-0002", "test_area", sdk::AuthorizationStatus::active,
                                                 std::chrono::year{2021} / 1 / 1, std::nullopt});
    const auto plan = outcome.plugin->plan_year({2026});
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_EQ(plan[1].provider, "556000-0002");
    // configure() again: the next call's child has the model as configured now.
    EXPECT_TRUE(outcome.plugin->configure({}, toml::parse("interval_years = 3\n")).empty());
    EXPECT_EQ(outcome.plugin->plan_year({2027}).size(), 2u);
}

TEST_F(PluginHostTest, PluginLogsIntoTheHostSinksTaggedWithItsId) {
    std::ostringstream captured;
    auto previous = spdlog::default_logger();
    auto logger = std::make_shared<spdlog::logger>("host", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
    logger->set_pattern("[%n] %v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
    {
        PluginHost host(context());
        LoadOutcome outcome = host.load(test_plugin("good"));
        ASSERT_TRUE(outcome);
        outcome.plugin->plan_year({2031});
    }
    spdlog::set_default_logger(previous);
    EXPECT_THAT(captured.str(), HasSubstr("[plugin:good] planning year 2031"));
}

TEST_F(PluginHostTest, RefusesAMissingFile) {
    const auto r = refusal_of(test_plugin_dir("good") / "no_such_plugin.so");
    EXPECT_EQ(r.reason, Refusal::file_missing);
    EXPECT_THAT(r.message, HasSubstr("no_such_plugin.so"));
}

TEST_F(PluginHostTest, RefusesANonElfFileNamedSo) {
    TempDir dir;
    followup::test::write_file(dir / "bogus.so", "this is a text file, not a library\n");
    const auto r = refusal_of(dir / "bogus.so");
    EXPECT_EQ(r.reason, Refusal::not_shared_library);
    EXPECT_THAT(r.message, HasSubstr("not an ELF file"));
}

TEST_F(PluginHostTest, RefusesATruncatedCopyOfARealPluginBeforeDlopenCanSigbus) {
    TempDir dir;
    const std::string whole = followup::test::read_file(test_plugin("good"));
    for (std::size_t size : {whole.size() / 2, std::size_t{200}, std::size_t{10}}) {
        const fs::path copy = dir / ("truncated_" + std::to_string(size) + ".so");
        followup::test::write_file(copy, whole.substr(0, size));
        const auto r = refusal_of(copy);
        EXPECT_TRUE(r.reason == Refusal::truncated || r.reason == Refusal::not_shared_library)
            << size << " bytes: " << to_string(r.reason) << ": " << r.message;
        if (size == whole.size() / 2) {
            EXPECT_EQ(r.reason, Refusal::truncated) << r.message;
        }
    }
}

TEST_F(PluginHostTest, RefusesALibraryWithoutEntryPoint) {
    const auto r = refusal_of(test_plugin("no_entry"));
    EXPECT_EQ(r.reason, Refusal::no_entry_point);
    EXPECT_THAT(r.message, HasSubstr("followup_plugin_entry_v"));
}

TEST_F(PluginHostTest, RefusesAnotherSdkVersionNamingFileAndBothVersions) {
    const auto r = refusal_of(test_plugin("wrong_abi"));
    EXPECT_EQ(r.reason, Refusal::sdk_mismatch);
    EXPECT_THAT(r.message, HasSubstr(test_plugin("wrong_abi").string()));
    EXPECT_THAT(r.message, HasSubstr("SDK ABI version 999"));
    EXPECT_THAT(r.message, HasSubstr("this host expects SDK ABI version " + std::to_string(sdk::abi_version)));
}

TEST_F(PluginHostTest, RefusesARecordThatContradictsItsSymbol) {
    const auto r = refusal_of(test_plugin("record_lies"));
    EXPECT_EQ(r.reason, Refusal::sdk_mismatch);
    EXPECT_THAT(r.message, HasSubstr("SDK ABI version 7"));
}

TEST_F(PluginHostTest, RefusesAFactoryThatThrowsWithItsMessage) {
    const auto r = refusal_of(test_plugin("factory_throws"));
    EXPECT_EQ(r.reason, Refusal::factory_threw);
    EXPECT_THAT(r.message, HasSubstr("no licence file"));
}

TEST_F(PluginHostTest, RefusesADuplicateId) {
    PluginHost host(context());
    ASSERT_TRUE(host.load(test_plugin("good")));
    LoadOutcome twin = host.load(test_plugin("good_twin"));
    ASSERT_FALSE(twin);
    EXPECT_EQ(twin.refusal->reason, Refusal::duplicate_id);
    EXPECT_THAT(twin.refusal->message, HasSubstr("already loaded from"));
}

TEST_F(PluginHostTest, DiscoveryRefusesTheSecondPluginWithAnId) {
    PluginHost host(context());
    const auto listings = host.discover({test_plugin_dir("good"), test_plugin_dir("good_twin")});
    ASSERT_EQ(listings.size(), 2u);
    EXPECT_FALSE(listings[0].refusal);
    ASSERT_TRUE(listings[1].refusal);
    EXPECT_EQ(listings[1].refusal->reason, Refusal::duplicate_id);
}

TEST_F(PluginHostTest, RefusesALibraryWhoseSha256DiffersFromThePin) {
    const std::string actual = sha256_file_hex(test_plugin("good"));
    const std::string wrong(64, '0');
    const auto r = refusal_of(test_plugin("good"), wrong);
    EXPECT_EQ(r.reason, Refusal::checksum_mismatch);
    EXPECT_THAT(r.message, HasSubstr(actual));

    PluginHost pinned(context(), {{"good", wrong}});
    LoadOutcome outcome = pinned.load(test_plugin("good"));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.refusal->reason, Refusal::checksum_mismatch);

    PluginHost right(context(), {{"good", actual}});
    EXPECT_TRUE(right.load(test_plugin("good")));
}

TEST_F(PluginHostTest, RefusesAManifestThatDisagreesWithItsLibrary) {
    TempDir dir;
    fs::copy_file(test_plugin("good"), dir / "copy.so");
    followup::test::write_file(dir / "copy.plugin.toml",
                               "id = \"someone_else\"\nversion = \"1.0.0\"\ndisplay_name = \"x\"\nsdk_abi = " + std::to_string(sdk::abi_version) + "\n"
                               "library = \"copy.so\"\n");
    const auto r = refusal_of(dir / "copy.plugin.toml");
    EXPECT_EQ(r.reason, Refusal::manifest_mismatch);
    EXPECT_THAT(r.message, HasSubstr("someone_else"));
}

TEST_F(PluginHostTest, ReportsABrokenManifestWithFileAndLine) {
    TempDir dir;
    followup::test::write_file(dir / "broken.plugin.toml", "id = \"x\"\nversion = 3\n");
    PluginHost host(context());
    const auto listings = host.discover({dir.path()});
    ASSERT_EQ(listings.size(), 1u);
    ASSERT_TRUE(listings[0].refusal);
    EXPECT_EQ(listings[0].refusal->reason, Refusal::manifest_invalid);
    EXPECT_THAT(listings[0].refusal->message, HasSubstr("broken.plugin.toml:2:"));
    EXPECT_THAT(listings[0].refusal->message, HasSubstr("'version'"));
}

TEST_F(PluginHostTest, AnExceptionInALaterCallIsCaughtAndNamesPluginAndCall) {
    PluginHost host(context());
    LoadOutcome outcome = host.load(test_plugin("throws_later"));
    ASSERT_TRUE(outcome);
    try {
        outcome.plugin->plan_year({2025});
        FAIL() << "plan_year should have thrown";
    } catch (const PluginCallError& e) {
        EXPECT_EQ(e.plugin_id(), "throws_later");
        EXPECT_EQ(e.call(), "plan_year");
        EXPECT_THAT(e.what(), HasSubstr("broke on purpose for year 2025"));
    }
    // A non-standard exception is caught too.
    try {
        outcome.plugin->assess({});
        FAIL() << "assess should have thrown";
    } catch (const PluginCallError& e) {
        EXPECT_EQ(e.call(), "assess");
    }
    // An SDK exception thrown in the plugin is caught by its SDK type in the host (one type_info).
    try {
        outcome.plugin->model()->write_section({});
        FAIL();
    } catch (const sdk::InvalidArgument& e) {
        EXPECT_THAT(e.what(), HasSubstr("not something the test model does"));
    }
    // ... and the plugin is still usable afterwards.
    EXPECT_EQ(outcome.plugin->describe().scale_id, "tillsyn4");
}

TEST_F(PluginHostTest, ConfigurationIssuesCarryKeyPathAndLocation) {
    PluginHost host(context());
    LoadOutcome outcome = host.load(test_plugin("good"));
    ASSERT_TRUE(outcome);
    const toml::table table = toml::parse("name = \"x\"\ninterval_years = \"two\"\n");
    const auto issues = outcome.plugin->configure({}, table);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].key_path, "interval_years");
    EXPECT_EQ(issues[0].line, 2u);
    EXPECT_THAT(issues[0].message, HasSubstr("found the string \"two\"; expected an integer from 1 to 10"));
}

TEST_F(PluginHostTest, AKeyTheModelDidNotReadIsReportedAsUnknownByTheHost) {
    PluginHost host(context());
    LoadOutcome outcome = host.load(test_plugin("good"));
    ASSERT_TRUE(outcome);
    const toml::table table = toml::parse("name = \"x\"\ninterval_yeras = 2\n");
    const auto issues = outcome.plugin->configure({}, table);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].key_path, "interval_yeras");
    EXPECT_EQ(issues[0].line, 2u);
    EXPECT_THAT(issues[0].message, HasSubstr("unknown key; did you mean 'interval_years'?"));
}

TEST_F(PluginHostTest, TheLibraryStaysLoadedWhileAnythingItMadeIsAlive) {
    const fs::path library = fs::absolute(test_plugin("lifetime"));
    std::shared_ptr<sdk::BoardModel> survivor;
    {
        PluginHost host(context());
        LoadOutcome outcome = host.load(library);
        ASSERT_TRUE(outcome);
        survivor = outcome.plugin->model();
        EXPECT_TRUE(is_mapped(library));
    }
    // The host and its LoadedPlugin are gone; the model still works because it holds the library.
    EXPECT_TRUE(is_mapped(library));
    EXPECT_EQ(survivor->describe().boards.at(0).id, "test");
    survivor.reset();
    EXPECT_FALSE(is_mapped(library)) << "the library should be unloaded once nothing it made is alive";
}

// ---- isolation: a model that aborts, segfaults, calls exit() or hangs fails its call only ----

/// Sets an environment variable for one test; a forked child sees it, as the plugin reads it.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) { ::setenv(name, value.c_str(), 1); }
    ~ScopedEnv() { ::unsetenv(name_); }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
};

/// What the host must say for each way of misbehaving.
std::string expected_ending(const std::string& how) {
    if (how == "abort") return "crashed with signal 6";
    if (how == "segfault") return "crashed with signal 11";
    if (how == "exit") return "ended the process with exit(3)";
    return "did not return within 1500 ms";
}

class MisbehavingModel : public PluginHostTest,
                         public testing::WithParamInterface<std::tuple<std::string, std::string>> {};

TEST_P(MisbehavingModel, FailsOnlyItsCallNamingPluginCallAndHowTheHostLivesOn) {
    const auto& [how, call] = GetParam();
    ScopedEnv misbehave("FOLLOWUP_TEST_MISBEHAVE", how + ":" + call);
    PluginHost host(context(), {}, PluginCalls{true, std::chrono::milliseconds(1500)});
    const auto started = std::chrono::steady_clock::now();
    LoadOutcome outcome = host.load(test_plugin("misbehaves"));
    if (call == "create") {
        ASSERT_FALSE(outcome);
        EXPECT_EQ(outcome.refusal->reason, Refusal::factory_crashed);
        EXPECT_THAT(outcome.refusal->message, HasSubstr(expected_ending(how)));
        EXPECT_THAT(outcome.refusal->message, HasSubstr("test_misbehaves.so"));
        return;
    }
    ASSERT_TRUE(outcome) << outcome.refusal->message;
    LoadedPlugin& plugin = *outcome.plugin;
    try {
        if (call == "describe") plugin.describe();
        if (call == "configure") plugin.configure({}, toml::table{});
        if (call == "plan_year") plugin.plan_year({2025, "test"});
        if (call == "assess") plugin.assess({});
        if (call == "write_section") plugin.write_section({2025, sdk::Language::sv, "test"});
        FAIL() << call << " should have failed";
    } catch (const PluginCallError& e) {
        EXPECT_EQ(e.plugin_id(), "misbehaves");
        EXPECT_EQ(e.call(), call);
        EXPECT_TRUE(e.process_ended());
        EXPECT_THAT(e.what(), HasSubstr("plugin 'misbehaves' failed in " + call + "(): " + expected_ending(how)));
    }
    // Never much longer than the limit, and the model's other calls still answer.
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    EXPECT_EQ(plugin.regulation_claims().size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(EveryWayInEveryCall, MisbehavingModel,
                         testing::Combine(testing::Values("abort", "segfault", "exit", "hang"),
                                          testing::Values("create", "describe", "configure", "plan_year", "assess",
                                                          "write_section")),
                         [](const auto& test) { return std::get<0>(test.param) + "_in_" + std::get<1>(test.param); });

TEST_F(PluginHostTest, AssessingManyInOneChildFailsOnlyTheFollowUpThatCrashedOrHungAndGoesOnWithTheRest) {
    std::vector<sdk::FollowUpRecord> records(5);
    for (std::size_t i = 0; i < records.size(); ++i) {
        records[i].activity.id = "f" + std::to_string(i);
        records[i].findings = {{records[i].activity.id, "lokaler", {"tillsyn4", "mindre_brist"}, "", ""}};
    }
    std::vector<const sdk::FollowUpRecord*> pointers;
    for (const auto& r : records) pointers.push_back(&r);
    for (const std::string how : {"abort", "segfault", "exit", "hang"}) {
        ScopedEnv misbehave("FOLLOWUP_TEST_MISBEHAVE", how + ":assess:f2");
        PluginHost host(context(), {}, PluginCalls{true, std::chrono::milliseconds(1500)});
        LoadOutcome outcome = host.load(test_plugin("misbehaves"));
        ASSERT_TRUE(outcome);
        const auto started = std::chrono::steady_clock::now();
        const auto answers = outcome.plugin->assess_each(pointers);
        ASSERT_EQ(answers.size(), 5u);
        for (std::size_t i = 0; i < answers.size(); ++i) {
            if (i == 2) {
                EXPECT_FALSE(answers[i].assessment) << how;
                EXPECT_THAT(answers[i].problem, HasSubstr("plugin 'misbehaves' failed in assess(): " + expected_ending(how)));
            } else {
                ASSERT_TRUE(answers[i].assessment) << how << " " << i << ": " << answers[i].problem;
                EXPECT_EQ(answers[i].assessment->deficiencies.size(), 1u);
            }
        }
        // The limit is per follow-up: a hang costs one limit, not one per follow-up after it.
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4)) << how;
    }
    // In-process, the same answers.
    PluginHost trusted(context(), {}, PluginCalls{false, std::chrono::seconds(10)});
    LoadOutcome outcome = trusted.load(test_plugin("good"));
    ASSERT_TRUE(outcome);
    const auto answers = outcome.plugin->assess_each(pointers);
    ASSERT_EQ(answers.size(), 5u);
    for (const auto& a : answers) EXPECT_TRUE(a.assessment) << a.problem;
}

TEST_F(PluginHostTest, AnIsolatedCallGivesTheSameAnswerAndKeepsWhatConfigureSet) {
    register_view.providers.push_back({"556000-0001", "Förskolan Ekorren AB", sdk::Ownership::private_company});
    register_view.authorizations_list.push_back({"556000-0001", "test_area", sdk::AuthorizationStatus::active,
                                                 std::chrono::year{2020} / 1 / 1, std::nullopt});
    PluginHost isolated(context(), {}, PluginCalls{true, std::chrono::seconds(10)});
    PluginHost trusted(context(), {}, PluginCalls{false, std::chrono::seconds(10)});
    LoadOutcome a = isolated.load(test_plugin("good"));
    LoadOutcome b = trusted.load(test_plugin("good_twin"));
    ASSERT_TRUE(a && b);
    const toml::table table = toml::parse("name = \"x\"\ninterval_years = \"two\"\n");
    const auto issues_a = a.plugin->configure({}, table), issues_b = b.plugin->configure({}, table);
    ASSERT_EQ(issues_a.size(), 1u);
    EXPECT_EQ(issues_a[0].message, issues_b[0].message);
    EXPECT_EQ(issues_a[0].line, issues_b[0].line);
    const auto plan_a = a.plugin->plan_year({2025}), plan_b = b.plugin->plan_year({2025});
    ASSERT_EQ(plan_a.size(), 1u);
    EXPECT_EQ(plan_a[0].provider, plan_b[0].provider);
    EXPECT_EQ(plan_a[0].window, plan_b[0].window);
    EXPECT_EQ(plan_a[0].reason, plan_b[0].reason);
    const auto model_a = a.plugin->describe(), model_b = b.plugin->describe();
    EXPECT_EQ(model_a.boards.at(0).name, model_b.boards.at(0).name);
    EXPECT_EQ(model_a.forms.at(0).id, model_b.forms.at(0).id);
}

TEST_F(PluginHostTest, AnExceptionInAnIsolatedCallKeepsItsMessage) {
    PluginHost host(context(), {}, PluginCalls{true, std::chrono::seconds(10)});
    LoadOutcome outcome = host.load(test_plugin("throws_later"));
    ASSERT_TRUE(outcome);
    try {
        outcome.plugin->plan_year({2025});
        FAIL();
    } catch (const PluginCallError& e) {
        EXPECT_FALSE(e.process_ended());
        EXPECT_THAT(e.what(), HasSubstr("broke on purpose for year 2025"));
    }
}

TEST_F(PluginHostTest, RefusesAPluginThatOthersCanReplace) {
    TempDir dir;
    for (const char* name : {"test_good.so", "test_good.plugin.toml"})
        fs::copy_file(test_plugin_dir("good") / name, dir / name);
    fs::permissions(dir / "test_good.so", fs::perms::group_write, fs::perm_options::add);
    auto r = refusal_of(dir / "test_good.plugin.toml");
    EXPECT_EQ(r.reason, Refusal::writable_by_others);
    EXPECT_THAT(r.message, HasSubstr("test_good.so' is writable by its group"));
    EXPECT_THAT(r.message, HasSubstr("chmod go-w"));
    fs::permissions(dir / "test_good.so", fs::perms::group_write, fs::perm_options::remove);
    fs::permissions(dir.path(), fs::perms::others_write, fs::perm_options::add);
    r = refusal_of(dir / "test_good.so");
    EXPECT_EQ(r.reason, Refusal::writable_by_others);
    EXPECT_THAT(r.message, HasSubstr("its folder"));
    EXPECT_THAT(r.message, HasSubstr("writable by every user"));
    // Discovery says so too, without loading it.
    PluginHost host(context());
    const auto listings = host.discover({dir.path()});
    ASSERT_EQ(listings.size(), 1u);
    ASSERT_TRUE(listings[0].refusal);
    EXPECT_EQ(listings[0].refusal->reason, Refusal::writable_by_others);
    fs::permissions(dir.path(), fs::perms::others_write, fs::perm_options::remove);
    PluginHost again(context());
    EXPECT_TRUE(again.load(dir / "test_good.so"));
}

}  // namespace
