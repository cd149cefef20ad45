// One test plugin, compiled into several libraries with different TEST_* definitions (see
// tests/CMakeLists.txt), each misbehaving in one way the host must survive.
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

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
// One library for every way a model can take a process down, chosen when it runs:
// FOLLOWUP_TEST_MISBEHAVE="HOW:CALL[:ID]", HOW one of abort, segfault, exit, hang and CALL one of
// create, describe, configure, plan_year, assess, write_section; with ID, only the assessment of
// the follow-up with that id misbehaves. One build instead of twenty.
void misbehave_in(std::string_view call, std::string_view subject = {}) {
    const char* setting = std::getenv("FOLLOWUP_TEST_MISBEHAVE");
    if (setting == nullptr) return;
    const std::string_view s(setting);
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) return;
    std::string_view target = s.substr(colon + 1);
    if (const auto second = target.find(':'); second != std::string_view::npos) {
        if (target.substr(second + 1) != subject) return;
        target = target.substr(0, second);
    }
    if (target != call) return;
    const std::string_view how = s.substr(0, colon);
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
