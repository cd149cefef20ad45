// One test plugin, compiled into several libraries with different TEST_* definitions (see
// tests/CMakeLists.txt), each misbehaving in one way the host must survive.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <followup/sdk.hpp>

namespace sdk = followup::sdk;

#ifdef TEST_STATIC_MARK
// Runs when the library is loaded: if `plugins list` ever loaded a plugin, the mark would appear.
namespace {
struct LeaveMark {
    LeaveMark() {
        if (const char* path = std::getenv("FOLLOWUP_TEST_MARK")) std::ofstream(path) << "static initializer ran\n";
    }
} leave_mark;
}  // namespace
#endif

namespace {

#ifdef TEST_MISBEHAVES
// One library for every way a model can take a process down or answer nonsense, chosen when it
// runs: FOLLOWUP_TEST_MISBEHAVE="HOW:CALL[:ID]", CALL one of create, describe, configure,
// plan_year, assess, write_section, regulation_claims and HOW one of
//  - abort, segfault, exit (exit(3)), exit0 (exit(0)), hang: the process ends or never returns;
//  - print: 30,000 lines with terminal escapes on stdout and stderr, then a normal answer;
//  - spin: a minute of CPU (a loop that never waits);
//  - allocate: memory without end (touched, 16 MiB at a time; gives up at 8 GiB and answers);
//  - fork: starts a process that writes its id to $FOLLOWUP_TEST_GRANDCHILD_FILE and sleeps a
//    minute, and answers without waiting for it; fork_hang: the same, then never returns;
//  - bad_kind, bad_date, reversed_window, huge_text: an answer (of assess or plan_year) with a
//    value outside its type, a date in year -30000, a window ending before it starts, or a 5 MB
//    explanation or reason.
// With ID, only the assessment of the follow-up with that id misbehaves. One build instead of twenty.
std::string_view misbehaviour(std::string_view call, std::string_view subject = {}) {
    const char* setting = std::getenv("FOLLOWUP_TEST_MISBEHAVE");
    if (setting == nullptr) return {};
    const std::string_view s(setting);
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) return {};
    std::string_view target = s.substr(colon + 1);
    if (const auto second = target.find(':'); second != std::string_view::npos) {
        if (target.substr(second + 1) != subject) return {};
        target = target.substr(0, second);
    }
    if (target != call) return {};
    return s.substr(0, colon);
}

void misbehave_in(std::string_view call, std::string_view subject = {}) {
    const std::string_view how = misbehaviour(call, subject);
    if (how.empty()) return;
    if (how == "print") {
        for (int i = 0; i < 30000; ++i) {
            std::printf("junk %d \x1b[2J\x1b[31mred\x1b[0m\x07\n", i);
            if (i % 1000 == 0) std::fprintf(stderr, "stderr junk %d \x1b]0;title\x07\n", i);
        }
        std::fflush(stdout);
        const char unbuffered[] = "written straight to fd 1 \xe2\x80\xae reversed\n";
        if (::write(1, unbuffered, sizeof unbuffered - 1) < 0) std::abort();
    }
    if (how == "allocate") {
        static std::vector<char*> kept;  // never freed: a leak without end, as a hostile plugin's
        for (std::size_t taken = 0; taken < (std::size_t{8} << 30); taken += std::size_t{16} << 20) {
            char* block = new char[std::size_t{16} << 20];
            std::memset(block, 1, std::size_t{16} << 20);
            kept.push_back(block);
        }
    }
    if (how == "fork" || how == "fork_hang") {
        const pid_t grandchild = ::fork();
        if (grandchild == 0) {
            for (int s = 0; s < 600; ++s) ::usleep(100000);  // a minute, in steps a signal ends
            ::_exit(0);
        }
        if (const char* file = std::getenv("FOLLOWUP_TEST_GRANDCHILD_FILE")) std::ofstream(file) << grandchild << "\n";
        if (how == "fork_hang")
            for (;;) pause();
    }
    if (how == "spin") {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        volatile unsigned long turns = 0;
        while (std::chrono::steady_clock::now() < until) turns = turns + 1;
    }
    if (how == "exit0") std::exit(0);
    if (how == "abort") std::abort();
    if (how == "segfault") {
#if defined(__SANITIZE_ADDRESS__)
        std::raise(SIGSEGV);  // UBSan would stop the null store below with an abort of its own
#else
        volatile int* nowhere = nullptr;
        *nowhere = 1;
#endif
    }
    if (how == "exit") std::exit(3);
    if (how == "hang")
        for (;;) pause();
}
#else
std::string_view misbehaviour(std::string_view, std::string_view = {}) { return {}; }
void misbehave_in(std::string_view, std::string_view = {}) {}
#endif

class TestModel final : public sdk::BoardModel {
public:
    explicit TestModel(sdk::HostServices& host) : host_(host) {
        misbehave_in("create");
#ifdef TEST_FACTORY_THROWS
        throw sdk::Error("the test model refuses to start: no licence file");
#endif
    }

    sdk::ModelDescription describe() const override {
        misbehave_in("describe");
#ifdef TEST_CRASHES
        std::abort();
#endif
        return {{{"test", "Testnämnden"}}, {"test_area"}, {{"tillsyn", "Tillsyn", true, ""}}, "tillsyn4", "Testmodell"};
    }

    void configure(const sdk::BoardSetup&, sdk::ConfigReader& model) override {
        misbehave_in("configure");
        model.integer("interval_years", 1, 10, false);
        model.allow("name");
    }

    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        misbehave_in("plan_year");
#ifdef TEST_THROWS_LATER
        throw std::runtime_error("plan_year broke on purpose for year " + std::to_string(request.year));
#endif
        host_.logger().info("planning year " + std::to_string(request.year));
        std::vector<sdk::PlannedFollowUp> plan;
        for (const auto& provider : host_.register_view().providers_in_area("test_area"))
            plan.push_back({"test_area", provider.org_number, "", "tillsyn",
                            host_.calendar().period_of(sdk::PeriodKind::year, std::chrono::year{request.year} / 1 / 1),
                            "test", sdk::Trigger::planned});
        const std::string_view how = misbehaviour("plan_year");
        // A nonsense answer needs an item to be wrong in, should the area have no provider yet.
        if (plan.empty() && (how == "bad_kind" || how == "bad_date" || how == "reversed_window" || how == "huge_text"))
            plan.push_back({"test_area", "559000-0005", "", "tillsyn",
                            host_.calendar().period_of(sdk::PeriodKind::year, std::chrono::year{request.year} / 1 / 1), "test",
                            sdk::Trigger::planned});
        for (auto& p : plan) {
            if (how == "bad_kind") p.trigger = static_cast<sdk::Trigger>(7);
            if (how == "bad_date") p.window.first = std::chrono::year{-30000} / 1 / 1;
            if (how == "reversed_window") std::swap(p.window.first, p.window.last);
            if (how == "huge_text") p.reason.assign(5 << 20, 'x');
        }
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        misbehave_in("assess", record.activity.id);
#ifdef TEST_THROWS_LATER
        throw 42;  // not even a std::exception
#endif
        const sdk::GradingScale* scale = host_.scale("tillsyn4");
        sdk::Assessment result;
        for (const auto& finding : record.findings)
            if (scale->is_deficiency(finding.grade.level_id)) result.deficiencies.push_back(finding);
        const std::string_view how = misbehaviour("assess", record.activity.id);
        if (how == "bad_kind") result.proposed.kind = static_cast<sdk::DecisionKind>(42);
        if (how == "bad_date") result.next_due = std::chrono::year{-30000} / 1 / 1;
        if (how == "reversed_window") result.recheck = sdk::Period{std::chrono::year{2026} / 6 / 30, std::chrono::year{2026} / 1 / 1};
        if (how == "huge_text") result.explanation.assign(5 << 20, 'x');
        return result;
    }

    sdk::BoardSection write_section(const sdk::SectionRequest&) override {
        misbehave_in("write_section");
#ifdef TEST_MISBEHAVES
        return {"Testnämnden", {"Testmodellens avsnitt."}, {}, {}};
#endif
        throw sdk::InvalidArgument("write_section is not something the test model does");
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        misbehave_in("regulation_claims");
        return {{sdk::Requirement::good_quality, "test", {}},
                {sdk::Requirement::uniform_assessment, "test", {}},
                {sdk::Requirement::predictable, "test", {}}};
    }

private:
    sdk::HostServices& host_;
};

}  // namespace

#if defined(TEST_NO_ENTRY)
// No version record: the host must refuse the library before loading it.
#elif defined(TEST_WRONG_ABI)
// What a plugin built against a future SDK would export.
extern "C" __attribute__((visibility("default"))) const followup_plugin_record followup_plugin_entry_v999{
    FOLLOWUP_PLUGIN_MAGIC, 999, 0, FOLLOWUP_PLUGIN_ID, FOLLOWUP_PLUGIN_VERSION, FOLLOWUP_PLUGIN_DISPLAY_NAME,
    [](sdk::HostServices& host) -> sdk::BoardModel* { return new TestModel(host); }};
#elif defined(TEST_RECORD_LIES)
// The symbol's name says this ABI but the record inside says otherwise: caught after loading,
// before the factory is called.
extern "C" __attribute__((visibility("default"))) const followup_plugin_record FOLLOWUP_PLUGIN_ENTRY{
    FOLLOWUP_PLUGIN_MAGIC, 7, 0, FOLLOWUP_PLUGIN_ID, FOLLOWUP_PLUGIN_VERSION, FOLLOWUP_PLUGIN_DISPLAY_NAME,
    [](sdk::HostServices& host) -> sdk::BoardModel* { return new TestModel(host); }};
#elif defined(TEST_SDK_V2)
// What a plugin built against SDK 2 exports: the v2 record (no minor version) under the v2 name.
// Its create function is never called, so it need not match this SDK's types.
struct followup_plugin_record_v2 {
    std::uint32_t magic, sdk_abi;
    const char *id, *version, *display_name;
    void* create;
};
extern "C" __attribute__((visibility("default"))) const followup_plugin_record_v2 followup_plugin_entry_v2{
    FOLLOWUP_PLUGIN_MAGIC, 2, FOLLOWUP_PLUGIN_ID, FOLLOWUP_PLUGIN_VERSION, FOLLOWUP_PLUGIN_DISPLAY_NAME, nullptr};
#elif defined(TEST_NEWER_MINOR)
// Built for a later minor version of this ABI: it may ask for what this host lacks.
extern "C" __attribute__((visibility("default"))) const followup_plugin_record FOLLOWUP_PLUGIN_ENTRY{
    FOLLOWUP_PLUGIN_MAGIC, FOLLOWUP_SDK_ABI_VERSION, FOLLOWUP_SDK_ABI_MINOR + 1, FOLLOWUP_PLUGIN_ID, FOLLOWUP_PLUGIN_VERSION,
    FOLLOWUP_PLUGIN_DISPLAY_NAME, [](sdk::HostServices& host) -> sdk::BoardModel* { return new TestModel(host); }};
#else
FOLLOWUP_EXPORT_PLUGIN(TestModel)
#endif
