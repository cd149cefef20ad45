// The SDK's own helpers: grading scales, enum names, dates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <followup/sdk.hpp>

#include "scales/scale_registry.hpp"

namespace sdk = followup::sdk;
using followup::core::ScaleRegistry;
using testing::HasSubstr;

namespace {

const sdk::GradingScale& supervision_scale() {
    static const ScaleRegistry registry = ScaleRegistry::with_builtin_scales();
    return *registry.find("tillsyn4");
}

TEST(GradingScale, BuiltInSupervisionScaleHasTheFourLevelsBestFirst) {
    const auto& scale = supervision_scale();
    ASSERT_EQ(scale.levels().size(), 4u);
    EXPECT_EQ(scale.levels()[0].label_sv, "Tillfredsställande");
    EXPECT_EQ(scale.levels()[1].label_sv, "Tillfredsställande men kan utvecklas");
    EXPECT_EQ(scale.levels()[2].label_sv, "Mindre brist");
    EXPECT_EQ(scale.levels()[3].label_sv, "Allvarlig brist");
    EXPECT_FALSE(scale.is_deficiency("kan_utvecklas"));
    EXPECT_TRUE(scale.is_deficiency("mindre_brist"));
}

TEST(GradingScale, ComparesWorstAndDistributes) {
    const auto& scale = supervision_scale();
    EXPECT_LT(scale.compare("tillfredsstallande", "mindre_brist"), 0);
    EXPECT_GT(scale.compare("allvarlig_brist", "mindre_brist"), 0);
    EXPECT_EQ(scale.compare("mindre_brist", "mindre_brist"), 0);
    EXPECT_EQ(scale.worst({"kan_utvecklas", "allvarlig_brist", "tillfredsstallande"}).id, "allvarlig_brist");
    const auto counts = scale.distribution({"mindre_brist", "mindre_brist", "tillfredsstallande"});
    EXPECT_EQ(counts.at("mindre_brist"), 2u);
    EXPECT_EQ(counts.at("allvarlig_brist"), 0u);
}

TEST(GradingScale, UnknownLevelIsAnErrorNamingTheChoices) {
    try {
        (void)supervision_scale().is_deficiency("bra");
        FAIL();
    } catch (const sdk::InvalidArgument& e) {
        EXPECT_THAT(e.what(), HasSubstr("'bra'"));
        EXPECT_THAT(e.what(), HasSubstr("tillfredsstallande, kan_utvecklas, mindre_brist, allvarlig_brist"));
    }
    EXPECT_THROW((void)supervision_scale().worst({}), sdk::InvalidArgument);
}

TEST(GradingScale, RejectsMalformedScales) {
    using L = sdk::GradeLevel;
    EXPECT_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", false, 0}}), sdk::InvalidArgument);
    EXPECT_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", false, 0}, L{"a", "B", "B", true, 1}}), sdk::InvalidArgument);
    // A non-deficiency after a deficiency: not ordered best first.
    EXPECT_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", true, 1}, L{"b", "B", "B", false, 0}}), sdk::InvalidArgument);
    EXPECT_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", true, 2}, L{"b", "B", "B", true, 1}}), sdk::InvalidArgument);
    EXPECT_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", false, 0}, L{"b", "B", "B", true, 0}}), sdk::InvalidArgument);
    EXPECT_NO_THROW(sdk::GradingScale("x", "x", {{"a", "A", "A", false, 0}, L{"b", "B", "B", true, 1}}));
}

TEST(ScaleRegistry, RefusesTheSameIdTwice) {
    ScaleRegistry registry = ScaleRegistry::with_builtin_scales();
    EXPECT_THROW(registry.add(*registry.find("uppfyllt3")), sdk::InvalidArgument);
    EXPECT_EQ(registry.ids(), (std::vector<std::string>{"indikator2", "tillsyn4", "uppfyllt3"}));
}

TEST(Types, EnumNamesRoundTrip) {
    for (auto o : {sdk::Ownership::private_company, sdk::Ownership::non_profit, sdk::Ownership::municipal})
        EXPECT_EQ(sdk::ownership_from_string(sdk::to_string(o)), o);
    for (auto d : {sdk::DecisionKind::no_action, sdk::DecisionKind::pointed_out, sdk::DecisionKind::remark,
                   sdk::DecisionKind::injunction, sdk::DecisionKind::injunction_with_fine, sdk::DecisionKind::revocation})
        EXPECT_EQ(sdk::decision_kind_from_string(sdk::to_string(d)), d);
    EXPECT_EQ(sdk::ownership_from_string("privat"), std::nullopt);
}

TEST(Types, DatesAreStrictIso) {
    using namespace std::chrono;
    EXPECT_EQ(sdk::parse_date("2024-02-29"), year{2024} / 2 / 29);
    EXPECT_EQ(sdk::parse_date("2023-02-29"), std::nullopt);
    EXPECT_EQ(sdk::parse_date("2024-2-29"), std::nullopt);
    EXPECT_EQ(sdk::parse_date("2024-02-29 "), std::nullopt);
    EXPECT_EQ(sdk::format_date(year{987} / 3 / 4), "0987-03-04");
    const sdk::Period p{year{2025} / 5 / 1, year{2025} / 8 / 31};
    EXPECT_TRUE(p.contains(year{2025} / 8 / 31));
    EXPECT_FALSE(p.contains(year{2025} / 9 / 1));
}

}  // namespace
