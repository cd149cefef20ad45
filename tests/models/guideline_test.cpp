// Social services and elder care: the shared guideline (seed 001) and home care's hours (seed 004).
#include "model_fixture.hpp"

namespace followup::test {
namespace {

using testing::HasSubstr;

class Social : public BoardModelTest {
protected:
    void SetUp() override {
        load("social", "social");
        provider("556100-0001", "Ledsagarna AB", sdk::Ownership::private_company, "ledsagning_avlosning", day(2019, 1, 1));
        provider("212000-0142", "Nacka kommun, ledsagarservice", sdk::Ownership::municipal, "ledsagning_avlosning", day(2015, 1, 1));
    }
};

TEST_F(Social, ASignalOpensAReviewWithinTheConfiguredDays) {
    done("q1", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning", day(2024, 9, 1), "uppfyllt3", {"uppfyllt"});
    register_view.signals_list.push_back({"s1", "556100-0001", "ledsagning_avlosning", sdk::SignalKind::complaint,
                                          day(2025, 5, 20), "klagomål från anhörig"});
    const auto plan = plan_for(2025, "556100-0001");
    auto triggered = std::find_if(plan.begin(), plan.end(), [](const auto& p) { return p.trigger == sdk::Trigger::signal; });
    ASSERT_NE(triggered, plan.end());
    EXPECT_EQ(triggered->form_id, "kvalitetsgranskning");
    EXPECT_EQ(triggered->window.first, day(2025, 5, 20));
    EXPECT_EQ(triggered->window.last, day(2025, 6, 19));  // signal_days = 30 in config/boards/social.toml
    // Once a review is done after the signal, it no longer asks for one.
    done("q2", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning", day(2025, 6, 2), "uppfyllt3", {"uppfyllt"});
    const auto after = plan_for(2025, "556100-0001");
    EXPECT_TRUE(std::none_of(after.begin(), after.end(), [](const auto& p) { return p.trigger == sdk::Trigger::signal; }));
}

TEST_F(Social, EveryReviewMustBeDocumentedReportedAndCommunicated) {
    auto r = record(activity("q1", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning", day(2025, 3, 3)), "uppfyllt3",
                    {"uppfyllt"});
    r.steps = {{"documented", day(2025, 3, 10)}};
    auto result = plugin->assess(r);
    EXPECT_EQ(result.missing_steps, (std::vector<std::string>{"reported_to_board", "communicated_to_provider"}));
    EXPECT_THAT(result.explanation, HasSubstr("Saknade steg"));
    r.steps.push_back({"reported_to_board", day(2025, 4, 2)});
    r.steps.push_back({"communicated_to_provider", day(2025, 4, 3)});
    EXPECT_TRUE(plugin->assess(r).missing_steps.empty());
}

TEST_F(Social, DeficienciesClimbTheLadderButAMunicipalUnitIsOnlyToldOfThem) {
    const auto first = plugin->assess(record(activity("q1", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning",
                                                      day(2025, 3, 3)), "uppfyllt3", {"delvis_uppfyllt"}));
    EXPECT_EQ(first.proposed.kind, sdk::DecisionKind::remark);
    done("q1", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning", day(2025, 3, 3), "uppfyllt3", {"delvis_uppfyllt"},
         sdk::Decision{sdk::DecisionKind::remark, false, std::nullopt, ""});
    const auto second = plugin->assess(record(activity("q2", "556100-0001", "ledsagning_avlosning", "kvalitetsgranskning",
                                                       day(2025, 5, 3)), "uppfyllt3", {"delvis_uppfyllt"}));
    EXPECT_EQ(second.proposed.kind, sdk::DecisionKind::injunction);
    const auto municipal = plugin->assess(record(activity("m1", "212000-0142", "ledsagning_avlosning", "kvalitetsgranskning",
                                                          day(2025, 3, 3)), "uppfyllt3", {"ej_uppfyllt"}));
    EXPECT_EQ(municipal.proposed.kind, sdk::DecisionKind::pointed_out);
}

TEST_F(Social, IndividualFollowUpsAreReportedOnlyAsCounts) {
    register_view.indicators.push_back({"individuppfoljningar", "556100-0001", "", {day(2025, 1, 1), day(2025, 6, 30)}, 14, std::nullopt});
    register_view.indicators.push_back({"individuppfoljningar", "556100-0001", "", {day(2025, 7, 1), day(2025, 12, 31)}, 9, std::nullopt});
    const auto section = plugin->write_section({2025, sdk::Language::sv});
    const auto& table = section.tables.back();
    EXPECT_EQ(table.caption, "Individuppföljningar (antal)");
    auto row = std::find_if(table.rows.begin(), table.rows.end(), [](const auto& r) { return r[0] == "Ledsagning och avlösning (LSS)"; });
    ASSERT_NE(row, table.rows.end());
    EXPECT_EQ((*row)[1], "23");
}

class ElderCare : public BoardModelTest {
protected:
    void SetUp() override { load("eldercare", "aldre"); }

    void hours(const std::string& org, unsigned month_number, double decided, double delivered) {
        const sdk::Date first = day(2025, month_number, 1);
        const sdk::Period p = calendar.period_of(sdk::PeriodKind::month, first);
        register_view.indicators.push_back({"beslutade_timmar", org, "", p, decided, std::nullopt});
        register_view.indicators.push_back({"utforda_timmar", org, "", p, delivered, std::nullopt});
    }
    std::vector<sdk::RiskSignal> signals_of(const std::string& org, const std::string& kind) {
        std::vector<sdk::RiskSignal> out;
        for (auto& s : plugin->write_section({2025, sdk::Language::sv}).risk_signals)
            if (s.provider == org && s.kind == kind) out.push_back(s);
        return out;
    }
};

TEST_F(ElderCare, FlagsDeliveredHoursAboveDecidedAndExplainsWhy) {
    provider("556200-0001", "Omsorgen i Nacka AB", sdk::Ownership::private_company, "hemtjanst", day(2020, 1, 1));
    hours("556200-0001", 2, 1000, 990);
    hours("556200-0001", 3, 1000, 1100);
    const auto flagged = signals_of("556200-0001", "delivered_above_decided");
    ASSERT_EQ(flagged.size(), 1u);
    EXPECT_THAT(flagged[0].explanation, HasSubstr("2025-03: utförda 1100 timmar mot beslutade 1000 (+10.0 %)"));
    EXPECT_THAT(flagged[0].explanation, HasSubstr("Omsorgen i Nacka AB"));
}

TEST_F(ElderCare, FlagsSuddenGrowthAndPeerOutliers) {
    for (int i = 0; i < 4; ++i) {
        const std::string org = "556300-000" + std::to_string(i);
        provider(org, "Hemtjänst " + std::to_string(i), sdk::Ownership::private_company, "hemtjanst", day(2020, 1, 1));
        hours(org, 4, 800 + 20 * i, 720 + 20 * i);  // about 90 % delivered
    }
    provider("556300-0009", "Snabbväxaren AB", sdk::Ownership::private_company, "hemtjanst", day(2020, 1, 1));
    hours("556300-0009", 3, 800, 500);
    hours("556300-0009", 4, 800, 830);  // +66 % in a month; 104 % of decided against the peers' ~90 %
    const auto growth = signals_of("556300-0009", "sudden_growth");
    ASSERT_EQ(growth.size(), 1u);
    EXPECT_THAT(growth[0].explanation, HasSubstr("från 500 (2025-03) till 830"));
    const auto outlier = signals_of("556300-0009", "peer_outlier");
    ASSERT_EQ(outlier.size(), 1u);
    EXPECT_THAT(outlier[0].explanation, HasSubstr("anordnare av samma storlek"));
    EXPECT_TRUE(signals_of("556300-0001", "peer_outlier").empty());
}

TEST_F(ElderCare, RepeatedSeriousDeficienciesLeadToARevocationProposal) {
    provider("556200-0002", "Slarvet AB", sdk::Ownership::private_company, "hemtjanst", day(2020, 1, 1));
    done("g1", "556200-0002", "hemtjanst", "kvalitetsgranskning", day(2024, 6, 1), "uppfyllt3", {"ej_uppfyllt"},
         sdk::Decision{sdk::DecisionKind::injunction, false, std::nullopt, ""});
    done("g2", "556200-0002", "hemtjanst", "kvalitetsgranskning", day(2024, 9, 1), "uppfyllt3", {"uppfyllt"});
    const auto result = plugin->assess(record(activity("g3", "556200-0002", "hemtjanst", "kvalitetsgranskning",
                                                       day(2025, 5, 1)), "uppfyllt3", {"ej_uppfyllt"}));
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::revocation);
    EXPECT_THAT(result.explanation, HasSubstr("Upprepade allvarliga brister"));
}

}  // namespace
}  // namespace followup::test
