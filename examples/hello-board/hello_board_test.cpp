// Unit tests of the hello-board model, without the host: the model gets a FakeHost from
// <followup/sdk/testing.hpp> (a register in vectors, the Swedish working-day calendar, a logger
// that keeps its messages, the scales the test adds) and is called as the host would call it.
//
// How the test reaches the model: a plugin is a MODULE library whose one exported symbol is its
// version record, so a test cannot link against it, and HelloBoard lives in an anonymous
// namespace. The simplest clean way is to include the model's source here, so this test has its
// own copy of the class. HELLO_BOARD_NO_EXPORT leaves out the FOLLOWUP_EXPORT_PLUGIN line,
// which compiles only in a build made by followup_add_plugin(). A bigger model would put its
// class in a header and compile its sources into both the plugin and the test.
#define HELLO_BOARD_NO_EXPORT
#include "hello_board.cpp"

#include <gtest/gtest.h>

#include <followup/sdk/testing.hpp>

namespace {

using namespace std::chrono;
namespace fake = followup::sdk::doubles;

// The host's built-in four-level supervision scale; a FakeHost knows only the scales it is given.
sdk::GradingScale supervision_scale() {
    return sdk::GradingScale("tillsyn4", "Bedömningsskala för tillsyn och insyn",
                             {{"tillfredsstallande", "Tillfredsställande", "Satisfactory", false, 0},
                              {"kan_utvecklas", "Tillfredsställande men kan utvecklas", "Satisfactory but can be developed", false, 0},
                              {"mindre_brist", "Mindre brist", "Minor deficiency", true, 1},
                              {"allvarlig_brist", "Allvarlig brist", "Serious deficiency", true, 2}});
}

const sdk::Provider gammal{"556000-0001", "Gammal Omsorg AB", sdk::Ownership::private_company};
const sdk::Provider nyligen{"556000-0002", "Nyligen Granskad AB", sdk::Ownership::private_company};
const sdk::Provider ny{"556000-0003", "Ny Omsorg AB", sdk::Ownership::non_profit};
const sdk::Provider annan{"556000-0004", "Annat Område AB", sdk::Ownership::private_company};
const sdk::Provider kommunen{"212000-0001", "Hej kommun", sdk::Ownership::municipal};

sdk::FollowUpActivity supervision(std::string id, const sdk::Provider& provider, sdk::Date done) {
    sdk::FollowUpActivity a;
    a.id = std::move(id);
    a.form_id = "tillsyn";
    a.area_id = "hej_omsorg";
    a.provider = provider.org_number;
    a.planned = {done, done};
    a.done = done;
    a.status = sdk::ActivityStatus::done;
    return a;
}

class HelloBoardTest : public ::testing::Test {
protected:
    HelloBoardTest() { host.add_scale(supervision_scale()); }

    // What the municipality's configuration says about the board; `interval` is its [[schedule]].
    std::vector<sdk::ConfigIssue> configure(const std::string& model_text = "", int interval = 24) {
        sdk::BoardSetup setup;
        setup.board = {"hej", "Hej-nämnden"};
        setup.areas = {{"hej_omsorg", "Hemtjänst i Hej", "hej", sdk::LegalBasis::lov}};
        sdk::ScheduleRule rule;
        rule.area_id = "hej_omsorg";
        rule.form_id = "tillsyn";
        rule.interval_months = interval;
        setup.schedule = {rule};
        fake::ModelTable model(model_text);
        model_.configure(setup, model.reader());
        return model.problems();
    }

    // Records a done supervision with one finding per grade (conditions v1, v2, ...) in the fake
    // register, and hands it back as the host hands a recorded follow-up to assess().
    sdk::FollowUpRecord record(const sdk::Provider& provider, sdk::Date done, const std::vector<std::string>& grades) {
        const std::string id = "T-" + std::to_string(host.records.all_follow_ups.size() + 1);
        std::vector<sdk::Finding> findings;
        for (std::size_t i = 0; i < grades.size(); ++i)
            findings.push_back({"", "v" + std::to_string(i + 1), {"tillsyn4", grades[i]}, "", "visit"});
        host.records.add_follow_up(supervision(id, provider, done), findings);
        sdk::FollowUpRecord r;
        r.activity = host.records.all_follow_ups.back();
        r.provider = provider;
        r.findings = host.register_view().findings(id);
        return r;
    }

    fake::FakeHost host;
    HelloBoard model_{host};
};

TEST_F(HelloBoardTest, DescribesOneBoardOneAreaAndAScaleTheHostKnows) {
    const sdk::ModelDescription d = model_.describe();
    ASSERT_EQ(d.boards.size(), 1u);
    EXPECT_EQ(d.boards[0].id, "hej");
    EXPECT_EQ(d.area_ids, std::vector<std::string>{"hej_omsorg"});
    ASSERT_EQ(d.forms.size(), 1u);
    EXPECT_EQ(d.forms[0].id, "tillsyn");
    EXPECT_TRUE(d.forms[0].may_sanction);
    EXPECT_NE(host.scale(d.scale_id), nullptr) << "the model names a scale the host does not have: " << d.scale_id;
}

TEST_F(HelloBoardTest, ConfigureReportsEveryBadKeyOfTheModelTableWithItsLine) {
    EXPECT_TRUE(configure("deadline_months = 4\n").empty());

    const auto issues = configure("deadline_months = 13\ndeadlines = 2\n");
    ASSERT_EQ(issues.size(), 2u);
    auto find = [&](std::string_view key) {
        return std::find_if(issues.begin(), issues.end(), [&](const sdk::ConfigIssue& i) { return i.key_path == key; });
    };
    ASSERT_NE(find("deadline_months"), issues.end());
    EXPECT_EQ(find("deadline_months")->line, 1u);
    EXPECT_NE(find("deadline_months")->message.find("1 to 12"), std::string::npos);
    ASSERT_NE(find("deadlines"), issues.end());
    EXPECT_EQ(find("deadlines")->line, 2u);
    EXPECT_NE(find("deadlines")->message.find("unknown key"), std::string::npos);
}

TEST_F(HelloBoardTest, PlansNewProvidersAndThoseWhoseLastSupervisionIsAnIntervalOld) {
    host.records.add_provider(gammal, "hej_omsorg", year{2020} / 3 / 1);
    host.records.add_provider(nyligen, "hej_omsorg", year{2021} / 9 / 1);
    host.records.add_provider(ny, "hej_omsorg", year{2025} / 1 / 15);
    host.records.add_provider(annan, "annat_omrade", year{2022} / 1 / 1);
    host.records.add_follow_up(supervision("T-1", gammal, year{2023} / 5 / 2));   // due 2025-05-02
    host.records.add_follow_up(supervision("T-2", nyligen, year{2024} / 3 / 10));  // due 2026-03-10
    ASSERT_TRUE(configure("", 24).empty());

    const auto plan = model_.plan_year({2025});
    ASSERT_EQ(plan.size(), 2u);
    EXPECT_EQ(plan[0].provider, gammal.org_number);
    EXPECT_EQ(plan[0].reason, "regelbunden tillsyn");
    EXPECT_EQ(plan[1].provider, ny.org_number);
    EXPECT_EQ(plan[1].reason, "ny anordnare: första tillsyn");
    for (const auto& p : plan) {
        EXPECT_EQ(p.area_id, "hej_omsorg");
        EXPECT_EQ(p.form_id, "tillsyn");
        EXPECT_EQ(p.window, (sdk::Period{year{2025} / 1 / 1, year{2025} / 12 / 31}));
    }
    EXPECT_TRUE(host.log.contains("planned 2 follow-ups for 2025"));

    // The board's [[schedule]] decides the interval: every year, the 2024 supervision is due too.
    ASSERT_TRUE(configure("", 12).empty());
    EXPECT_EQ(model_.plan_year({2025}).size(), 3u);
}

TEST_F(HelloBoardTest, NoDeficiencyProposesNoActionAndTheNextSupervisionAnIntervalLater) {
    ASSERT_TRUE(configure("", 12).empty());
    const sdk::Assessment a = model_.assess(record(gammal, year{2024} / 2 / 29, {"tillfredsstallande", "kan_utvecklas"}));
    EXPECT_TRUE(a.deficiencies.empty());
    EXPECT_EQ(a.proposed.kind, sdk::DecisionKind::no_action);
    EXPECT_EQ(a.next_due, year{2025} / 2 / 28);  // a month's end, clamped: there is no 2025-02-29
}

TEST_F(HelloBoardTest, TheWorstDeficiencyDecidesTheSanctionAndTheDeadlineIsAWorkingDay) {
    ASSERT_TRUE(configure().empty());
    // 2025-03-06 + 3 months is 2025-06-06, the National Day (a Friday): the deadline moves to Monday.
    const sdk::Assessment minor = model_.assess(record(gammal, year{2025} / 3 / 6, {"tillfredsstallande", "mindre_brist"}));
    ASSERT_EQ(minor.deficiencies.size(), 1u);
    EXPECT_EQ(minor.deficiencies[0].condition_id, "v2");
    EXPECT_EQ(minor.proposed.kind, sdk::DecisionKind::remark);
    EXPECT_EQ(minor.proposed.deadline, year{2025} / 6 / 9);
    EXPECT_EQ(minor.next_due, year{2025} / 9 / 6);

    const sdk::Assessment serious = model_.assess(record(gammal, year{2025} / 3 / 6, {"allvarlig_brist", "mindre_brist"}));
    EXPECT_EQ(serious.deficiencies.size(), 2u);
    EXPECT_EQ(serious.proposed.kind, sdk::DecisionKind::injunction);
    EXPECT_EQ(serious.proposed.reason, "Allvarlig brist");

    // The [model] table's deadline_months: 2025-03-06 + 4 months is Sunday 2025-07-06.
    ASSERT_TRUE(configure("deadline_months = 4").empty());
    EXPECT_EQ(model_.assess(record(gammal, year{2025} / 3 / 6, {"mindre_brist"})).proposed.deadline, year{2025} / 7 / 7);
}

TEST_F(HelloBoardTest, AMunicipalUnitIsToldOfItsDeficienciesNotSanctioned) {
    const sdk::Assessment a = model_.assess(record(kommunen, year{2025} / 10 / 1, {"allvarlig_brist"}));
    EXPECT_EQ(a.deficiencies.size(), 1u);
    EXPECT_EQ(a.proposed.kind, sdk::DecisionKind::pointed_out);
}

TEST_F(HelloBoardTest, RefusesAFollowUpNotYetDoneAndAHostWithoutItsScale) {
    sdk::FollowUpRecord planned = record(gammal, year{2025} / 3 / 6, {"mindre_brist"});
    planned.activity.done.reset();
    planned.activity.status = sdk::ActivityStatus::planned;
    EXPECT_THROW(model_.assess(planned), sdk::InvalidArgument);

    fake::FakeHost bare;  // no scales at all
    HelloBoard model(bare);
    EXPECT_THROW(model.assess(record(gammal, year{2025} / 3 / 6, {"mindre_brist"})), sdk::Error);
}

TEST_F(HelloBoardTest, RegulationClaimsNameEvidenceTheCoreCanCheck) {
    const auto claims = model_.regulation_claims();
    ASSERT_EQ(claims.size(), 3u);
    const std::vector<std::string> checkable{"form:tillsyn", "scale:tillsyn4", "schedule", "sanction_ladders", "conditions"};
    for (const auto& claim : claims) {
        ASSERT_FALSE(claim.evidence.empty());
        for (const auto& token : claim.evidence)
            EXPECT_NE(std::find(checkable.begin(), checkable.end(), token), checkable.end()) << token;
    }
}

}  // namespace
