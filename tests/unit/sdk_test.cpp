// The SDK's own helpers: grading scales, enum names, dates; and the test doubles of
// followup/sdk/testing.hpp, checked against the host's own register and calendar.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include <followup/sdk.hpp>
#include <followup/sdk/testing.hpp>

#include "calendar/swedish_calendar.hpp"
#include "scales/scale_registry.hpp"
#include "store/assessment_rows.hpp"
#include "store/sqlite_register.hpp"
#include "test_support.hpp"

namespace sdk = followup::sdk;
namespace fake = followup::sdk::doubles;
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
    EXPECT_EQ(sdk::format_date(year{2025} / 12 / 31), "2025-12-31");
    EXPECT_EQ(sdk::format_date(year{9999} / 10 / 1), "9999-10-01");
    EXPECT_EQ(sdk::format_date(year{0} / 1 / 1), "0000-01-01");
    EXPECT_EQ(sdk::format_date(year{12025} / 1 / 2), "12025-01-02");  // past the fast path: still the year in full
    for (const char* day : {"1970-01-01", "2000-02-29", "2026-11-26"}) EXPECT_EQ(sdk::format_date(*sdk::parse_date(day)), day);
    const sdk::Period p{year{2025} / 5 / 1, year{2025} / 8 / 31};
    EXPECT_TRUE(p.contains(year{2025} / 8 / 31));
    EXPECT_FALSE(p.contains(year{2025} / 9 / 1));
}

// The one rule for "in force on a day": an end or a revocation takes effect on its date; a
// suspension does not end it; a revocation without a date leaves no day in force.
TEST(Authorization, IsInForceFromItsGrantUpToTheDayBeforeItsEnd) {
    using namespace std::chrono;
    const sdk::Authorization ending{"556000-0001", "forskola", sdk::AuthorizationStatus::active, year{2020} / 3 / 1, year{2026} / 12 / 31};
    EXPECT_FALSE(sdk::in_force(ending, year{2020} / 2 / 29));
    EXPECT_TRUE(sdk::in_force(ending, year{2020} / 3 / 1));
    EXPECT_TRUE(sdk::in_force(ending, year{2026} / 12 / 30));
    EXPECT_FALSE(sdk::in_force(ending, year{2026} / 12 / 31));
    sdk::Authorization revoked = ending;
    revoked.status = sdk::AuthorizationStatus::revoked;
    revoked.ended = year{2026} / 3 / 2;
    EXPECT_TRUE(sdk::in_force(revoked, year{2026} / 3 / 1)) << "a revocation dated later: in force until its day";
    EXPECT_FALSE(sdk::in_force(revoked, year{2026} / 3 / 2));
    revoked.ended.reset();
    EXPECT_FALSE(sdk::in_force(revoked, year{2020} / 3 / 1));
    sdk::Authorization suspended = ending;
    suspended.status = sdk::AuthorizationStatus::suspended;
    suspended.ended.reset();
    EXPECT_TRUE(sdk::in_force(suspended, year{2030} / 1 / 1));
}

// ---- followup/sdk/testing.hpp ----

sdk::Date ymd(int y, unsigned m, unsigned d) { return std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}; }

/// Everything a view answers about the records of FakeRegisterData, in the view's own order.
std::string every_answer(const sdk::RegisterView& view, const std::vector<std::string>& providers) {
    std::string out;
    const std::string nojdhet = "nojdhet";
    for (const std::string area : {"forskola", "hemtjanst"}) {
        out += "area " + area + ":";
        for (const auto& p : view.providers_in_area(area)) out += " " + p.org_number + "/" + p.name;
        out += "\n";
        for (const auto& provider : providers) {
            for (const auto& a : view.authorizations(provider, area))
                out += "  auth " + a.provider + " " + sdk::format_date(a.granted) + " " + std::string(sdk::to_string(a.status)) + "\n";
            for (const auto& f : view.follow_ups(provider, area)) {
                out += "  follow-up " + f.id + " " + sdk::format_date(f.planned.first) + " " + f.form_id + "\n";
                for (const auto& x : view.findings(f.id)) out += "    finding " + x.condition_id + " " + x.grade.level_id + "\n";
                for (const auto& d : view.decisions(f.id))
                    out += "    decision " + std::string(sdk::to_string(d.kind)) + " " + (d.decided ? sdk::format_date(*d.decided) : "-") + "\n";
                for (const auto& st : view.steps(f.id)) out += "    step " + st.step + " " + sdk::format_date(st.done) + "\n";
                if (auto c = view.closure(f.id)) out += "    closed " + sdk::format_date(c->closed) + " " + c->basis + " " + c->reason + "\n";
                if (auto a = view.stored_assessment(f.id)) {
                    out += "    assessed " + std::string(sdk::to_string(a->proposed.kind)) + " deficiencies " +
                           std::to_string(a->deficiencies.size()) + " next due " + (a->next_due ? sdk::format_date(*a->next_due) : "-") +
                           " risk " + a->risk_category + " steps " + std::to_string(a->missing_steps.size()) + " " + a->explanation + "\n";
                    for (const auto& d : a->deficiencies)
                        out += "      deficiency '" + d.condition_id + "' " + d.grade.level_id + "@" + d.activity_id + " " + d.text + "\n";
                }
            }
            for (const auto& sg : view.signals(provider, area)) out += "  signal " + sg.id + " " + sdk::format_date(sg.received) + "\n";
        }
    }
    for (const auto& provider : providers) {
        for (const auto& u : view.units_of(provider)) out += "unit " + u.id + " of " + u.provider + "\n";
        for (const auto& v : view.indicator_series(nojdhet, provider))
            out += "indicator " + v.provider + " '" + v.unit_id + "' " + sdk::format_date(v.period.first) + "\n";
    }
    return out;
}

// The same records, added out of order and with ties, to the double and to the host's SQLite
// register: the double must give every answer in the documented order, and exactly as the host.
TEST(MemoryRegisterView, AnswersInTheDocumentedOrdersAsTheHostsRegisterDoes) {
    using namespace followup::core;
    const std::string p0 = followup::test::org_number(10), p1 = followup::test::org_number(11),
                      p2 = followup::test::org_number(12), p3 = followup::test::org_number(13);
    fake::MemoryRegisterView view;
    view.add_provider({p3, "Tre AB", sdk::Ownership::private_company}, "forskola", ymd(2021, 1, 1));
    view.add_provider({p1, "Ett AB", sdk::Ownership::non_profit}, "forskola", ymd(2024, 1, 1));
    view.add_provider({p2, "Två AB", sdk::Ownership::municipal}, "forskola", ymd(2022, 1, 1));
    view.add_provider({p0, "Noll AB", sdk::Ownership::private_company}, "hemtjanst", ymd(2023, 1, 1));
    view.all_authorizations.push_back({p1, "forskola", sdk::AuthorizationStatus::revoked, ymd(2020, 1, 1), ymd(2021, 6, 30)});
    view.all_authorizations.push_back({p1, "hemtjanst", sdk::AuthorizationStatus::active, ymd(2022, 1, 1), std::nullopt});
    for (const char* id : {"u3", "u1", "u2"}) view.add_unit({id, p1, std::string("Enhet ") + id, "Skolvägen 1", "forskola"});
    view.add_unit({"u0", p2, "Enhet 0", "", ""});
    auto follow_up = [&](const std::string& id, const std::string& area, sdk::Date from) {
        return sdk::FollowUpActivity{id, "tillsyn", area, p1, "", {from, ymd(2025, 12, 31)}, std::nullopt, sdk::ActivityStatus::planned, "", sdk::Trigger::planned};
    };
    view.add_follow_up(follow_up("b", "forskola", ymd(2025, 3, 1)));
    view.add_follow_up(follow_up("z", "forskola", ymd(2024, 1, 1)));
    view.add_follow_up(follow_up("a", "forskola", ymd(2025, 3, 1)),
                       {{"", "lokaler", {"tillsyn4", "mindre_brist"}, "", ""},
                        {"", "barngrupper", {"tillsyn4", "allvarlig_brist"}, "", ""},
                        {"", "personal", {"tillsyn4", "tillfredsstallande"}, "", ""}});
    view.add_follow_up(follow_up("c", "hemtjanst", ymd(2023, 1, 1)));
    view.add_decision("a", {sdk::DecisionKind::pointed_out, false, std::nullopt, "", ymd(2025, 5, 1), "", ""});
    view.add_decision("a", {sdk::DecisionKind::injunction, false, ymd(2025, 9, 30), "", ymd(2025, 5, 1), "", ""});
    view.add_decision("a", {sdk::DecisionKind::remark, false, std::nullopt, "", ymd(2025, 3, 1), "", ""});
    view.add_step("a", {"reported_to_board", ymd(2025, 4, 1)});
    view.add_step("a", {"documented", ymd(2025, 4, 10)});
    view.add_closure("a", {ymd(2025, 10, 1), "visit", "åtgärdat"});
    sdk::Assessment assessment;
    assessment.deficiencies = view.findings("a");
    assessment.deficiencies.pop_back();
    assessment.proposed = {sdk::DecisionKind::injunction, false, ymd(2025, 9, 30), "brister", std::nullopt, "", "skollagen"};
    assessment.next_due = ymd(2026, 3, 1);
    assessment.explanation = "två brister";
    assessment.missing_steps = {"documented"};
    assessment.risk_category = "hög";
    view.add_assessment("a", assessment);
    for (const char* id : {"s2", "s1", "s0"})
        view.add_signal({id, p1, "forskola", sdk::SignalKind::complaint, std::string(id) == "s0" ? ymd(2025, 3, 1) : ymd(2025, 2, 1), "", "", std::nullopt, ""});
    view.add_indicator({"nojdhet", p1, "u2", {ymd(2025, 1, 1), ymd(2025, 12, 31)}, 0.5, 12});
    view.add_indicator({"nojdhet", p1, "", {ymd(2025, 1, 1), ymd(2025, 12, 31)}, 0.6, std::nullopt});
    view.add_indicator({"nojdhet", p1, "u1", {ymd(2024, 1, 1), ymd(2024, 12, 31)}, 0.7, 9});

    // The documented orders, spelled out.
    auto ids = [](const auto& items, auto id_of) {
        std::vector<std::string> out;
        for (const auto& item : items) out.push_back(id_of(item));
        return out;
    };
    EXPECT_EQ(ids(view.providers_in_area("forskola"), [](const sdk::Provider& p) { return p.org_number; }), (std::vector{p1, p2, p3}));
    EXPECT_EQ(ids(view.authorizations(p1, "forskola"), [](const sdk::Authorization& a) { return sdk::format_date(a.granted); }),
              (std::vector<std::string>{"2020-01-01", "2024-01-01"}));
    EXPECT_EQ(ids(view.units_of(p1), [](const sdk::Unit& u) { return u.id; }), (std::vector<std::string>{"u1", "u2", "u3"}));
    EXPECT_EQ(ids(view.follow_ups(p1, "forskola"), [](const sdk::FollowUpActivity& a) { return a.id; }),
              (std::vector<std::string>{"z", "a", "b"}));
    EXPECT_EQ(ids(view.findings("a"), [](const sdk::Finding& f) { return f.condition_id + "@" + f.activity_id; }),
              (std::vector<std::string>{"barngrupper@a", "lokaler@a", "personal@a"}));
    // Oldest first; on the same day by the kind's name, as the register's SQL orders them.
    EXPECT_EQ(ids(view.decisions("a"), [](const sdk::Decision& d) { return std::string(sdk::to_string(d.kind)); }),
              (std::vector<std::string>{"remark", "injunction", "pointed_out"}));
    EXPECT_EQ(ids(view.steps("a"), [](const sdk::ProcessStep& st) { return st.step; }),
              (std::vector<std::string>{"documented", "reported_to_board"}));
    EXPECT_EQ(ids(view.signals(p1, "forskola"), [](const sdk::Signal& sg) { return sg.id; }), (std::vector<std::string>{"s1", "s2", "s0"}));
    EXPECT_EQ(ids(view.indicator_series("nojdhet", p1), [](const sdk::IndicatorValue& v) { return v.unit_id; }),
              (std::vector<std::string>{"u1", "", "u2"}));
    EXPECT_EQ(view.closure("b"), std::nullopt);
    EXPECT_EQ(view.stored_assessment("b"), std::nullopt);
    ASSERT_TRUE(view.stored_assessment("a"));
    EXPECT_EQ(view.stored_assessment("a")->deficiencies.size(), 2u);

    // The same records in the host's register, parents first.
    followup::test::TempDir dir;
    auto store = open_sqlite_register(dir / "register.sqlite");
    auto writer = store->begin("tester");
    auto put = [&](const char* kind, std::initializer_list<std::pair<std::string_view, std::string>> values) {
        const RecordKind& k = *find_record_kind(kind);
        writer->upsert(k, row_of(k, values));
    };
    auto date = [](const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : std::string(); };
    for (const auto& p : view.all_providers)
        put("providers", {{"org_number", p.org_number}, {"name", p.name}, {"ownership", std::string(sdk::to_string(p.ownership))}});
    for (const auto& u : view.all_units)
        put("units", {{"id", u.id}, {"provider", u.provider}, {"name", u.name}, {"address", u.address}, {"area", u.area_id}});
    for (const auto& a : view.all_authorizations)
        put("authorizations", {{"provider", a.provider}, {"area", a.area_id}, {"granted", date(a.granted)},
                               {"status", std::string(sdk::to_string(a.status))}, {"ended", date(a.ended)}});
    for (const auto& f : view.all_follow_ups)
        put("follow_ups", {{"id", f.id}, {"provider", f.provider}, {"unit", f.unit_id}, {"area", f.area_id}, {"form", f.form_id},
                           {"planned_from", date(f.planned.first)}, {"planned_to", date(f.planned.last)}, {"done", date(f.done)},
                           {"status", std::string(sdk::to_string(f.status))}, {"inspector", f.inspector},
                           {"trigger", std::string(sdk::to_string(f.trigger))}});
    for (const auto& x : view.all_findings)
        put("findings", {{"follow_up", x.activity_id}, {"condition", x.condition_id}, {"scale", x.grade.scale_id},
                         {"grade", x.grade.level_id}, {"text", x.text}, {"basis", x.basis}});
    for (const auto& [id, d] : view.decisions_by_activity)
        put("decisions", {{"follow_up", id}, {"kind", std::string(sdk::to_string(d.kind))}, {"decided", date(d.decided)},
                          {"serious_maladministration", "nej"}, {"deadline", date(d.deadline)}, {"reason", d.reason}});
    for (const auto& [id, st] : view.steps_by_activity) put("steps", {{"follow_up", id}, {"step", st.step}, {"done", date(st.done)}});
    for (const auto& [id, c] : view.closures_by_activity)
        put("closures", {{"follow_up", id}, {"closed", date(c.closed)}, {"basis", c.basis}, {"reason", c.reason}});
    for (const auto& [id, a] : view.assessments_by_activity) {
        writer->upsert(*find_record_kind("assessments"), assessment_row({id, "utbildning", "test 1.0.0", ymd(2025, 4, 1)}, a));
        for (const Row& d : assessment_deficiency_rows(id, a)) writer->upsert(*find_record_kind("assessment_deficiencies"), d);
    }
    for (const auto& sg : view.all_signals)
        put("signals", {{"id", sg.id}, {"provider", sg.provider}, {"area", sg.area_id}, {"kind", std::string(sdk::to_string(sg.kind))},
                        {"received", date(sg.received)}, {"summary", sg.summary}});
    for (const auto& v : view.all_indicators)
        put("indicators", {{"key_figure", v.key_figure}, {"provider", v.provider}, {"unit", v.unit_id}, {"period_from", date(v.period.first)},
                           {"period_to", date(v.period.last)}, {"value", std::to_string(v.value)},
                           {"answers", v.answers ? std::to_string(*v.answers) : ""}});
    writer->commit();

    const std::vector<std::string> providers{p0, p1, p2, p3};
    const std::string answers = every_answer(view, providers);
    EXPECT_EQ(answers, every_answer(*store, providers));
    // The stored assessment was compared too, with its deficiencies in full.
    EXPECT_THAT(answers, HasSubstr("deficiency 'barngrupper' allvarlig_brist@a"));
    EXPECT_THAT(answers, HasSubstr("deficiency 'lokaler' mindre_brist@a"));

    // for_each_provider is the SDK's default over these answers.
    std::vector<std::string> visited;
    view.for_each_provider("forskola", [&](const sdk::ProviderRecord& r) {
        visited.push_back(r.provider.org_number);
        if (r.provider.org_number == p1) {
            ASSERT_EQ(r.follow_ups.size(), 3u);
            EXPECT_EQ(r.follow_ups[1].grades.size(), 3u);
            EXPECT_EQ(r.follow_ups[1].next_due, ymd(2026, 3, 1));
        }
    });
    EXPECT_EQ(visited, (std::vector{p1, p2, p3}));
}

// The double's calendar against the host's, day by day over four years.
TEST(WorkingDayCalendar, AgreesWithTheHostsSwedishCalendarEveryDayOf2024To2027) {
    using namespace std::chrono;
    const followup::core::SwedishCalendar host;
    const fake::WorkingDayCalendar double_;
    struct Earlier {
        bool operator()(const sdk::Date& a, const sdk::Date& b) const { return sys_days{a} < sys_days{b}; }
    };
    std::set<sdk::Date, Earlier> host_days_off;
    for (int y = 2024; y <= 2027; ++y) {
        EXPECT_EQ(fake::WorkingDayCalendar::easter_sunday(y), followup::core::SwedishCalendar::easter_sunday(y));
        for (const auto& list : {followup::core::SwedishCalendar::public_holidays(y), followup::core::SwedishCalendar::other_days_off(y)})
            host_days_off.insert(list.begin(), list.end());
    }
    int working = 0, days_off = 0;
    for (sys_days d = sys_days{year{2024} / 1 / 1}; d <= sys_days{year{2027} / 12 / 31}; d += days{1}) {
        const year_month_day day{d};
        const std::string at = sdk::format_date(day);
        ASSERT_EQ(double_.is_working_day(day), host.is_working_day(day)) << at;
        // Holidays that fall on a weekend (Easter Sunday, Midsummer Day) are days off too.
        EXPECT_EQ(fake::WorkingDayCalendar::is_day_off(day), host_days_off.count(day) > 0) << at;
        EXPECT_EQ(double_.next_working_day(day), host.next_working_day(day)) << at;
        for (int m : {-25, -13, -12, -1, 1, 2, 3, 6, 12, 24})
            ASSERT_EQ(double_.add_months(day, m), host.add_months(day, m)) << at << " + " << m << " months";
        for (int n : {-1, 1, 4}) ASSERT_EQ(double_.add_years(day, n), host.add_years(day, n)) << at << " + " << n << " years";
        EXPECT_EQ(double_.add_days(day, 45), host.add_days(day, 45)) << at;
        for (auto kind : {sdk::PeriodKind::year, sdk::PeriodKind::tertial, sdk::PeriodKind::quarter, sdk::PeriodKind::month})
            ASSERT_EQ(double_.period_of(kind, day), host.period_of(kind, day)) << at << " " << static_cast<int>(kind);
        (host.is_working_day(day) ? working : days_off) += 1;
    }
    EXPECT_EQ(working + days_off, 4 * 365 + 1);
    EXPECT_EQ(host_days_off.size(), 4u * 16u);  // 13 public holidays and 3 eves a year, none on the same day
    // Spot checks that would catch both calendars being wrong the same way.
    EXPECT_FALSE(double_.is_working_day(ymd(2025, 6, 20)));  // Midsummer Eve
    EXPECT_FALSE(double_.is_working_day(ymd(2026, 5, 14)));  // Ascension Day
    EXPECT_TRUE(fake::WorkingDayCalendar::is_day_off(ymd(2025, 11, 1)));  // All Saints' Day, a Saturday
    EXPECT_EQ(double_.add_months(ymd(2025, 1, 31), 1), ymd(2025, 2, 28));
    EXPECT_EQ(double_.add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
    EXPECT_EQ(double_.period_of(sdk::PeriodKind::tertial, ymd(2025, 9, 1)), (sdk::Period{ymd(2025, 9, 1), ymd(2025, 12, 31)}));
}

TEST(FakeHost, AnswersItsScalesAndKeepsWhatWasLogged) {
    fake::FakeHost host;
    EXPECT_EQ(host.scale("tillsyn4"), nullptr);
    host.add_scale(supervision_scale());
    ASSERT_NE(host.scale("tillsyn4"), nullptr);
    EXPECT_EQ(host.scale("tillsyn4")->levels().size(), 4u);
    EXPECT_EQ(host.scale("uppfyllt3"), nullptr);

    sdk::HostServices& services = host;
    services.logger().warn("one");
    services.logger().info("two");
    ASSERT_EQ(host.log.entries.size(), 2u);
    EXPECT_EQ(host.log.entries[0].level, sdk::LogLevel::warn);
    EXPECT_TRUE(host.log.contains("two"));
    EXPECT_FALSE(host.log.contains("three"));

    host.records.add_provider({"556000-0001", "A", sdk::Ownership::private_company}, "x", ymd(2025, 1, 1));
    EXPECT_EQ(services.register_view().providers_in_area("x").size(), 1u);
    host.records.add_provider({"556000-0001", "A, renamed", sdk::Ownership::private_company}, "y", ymd(2025, 2, 1));
    EXPECT_EQ(host.records.all_providers.size(), 1u) << "one record per provider, whatever its areas";
    EXPECT_EQ(services.register_view().providers_in_area("x").at(0).name, "A, renamed");
    EXPECT_EQ(services.register_view().authorizations("556000-0001", "y").size(), 1u);
    EXPECT_FALSE(services.calendar().is_working_day(ymd(2025, 12, 24)));
    EXPECT_EQ(services.extension("followup.anything/1"), nullptr);
}

}  // namespace

namespace {
TEST(SdkNames, EveryEnumHasATextName) {
    namespace sdk = followup::sdk;
    EXPECT_EQ(sdk::to_string(sdk::Trigger::signal), "signal");
    EXPECT_EQ(sdk::to_string(sdk::ActivityStatus::cancelled), "cancelled");
    EXPECT_EQ(sdk::to_string(sdk::LogLevel::warn), "warn");
    EXPECT_EQ(sdk::to_string(sdk::PeriodKind::tertial), "tertial");
    EXPECT_EQ(sdk::to_string(sdk::Language::en), "en");
    EXPECT_EQ(sdk::to_string(sdk::Requirement::uniform_assessment), "uniform_assessment");
    for (auto kind : {sdk::DecisionKind::no_action, sdk::DecisionKind::pointed_out, sdk::DecisionKind::remark,
                      sdk::DecisionKind::injunction, sdk::DecisionKind::injunction_with_fine, sdk::DecisionKind::revocation})
        EXPECT_EQ(sdk::decision_kind_from_string(sdk::to_string(kind)), kind);
}
}  // namespace

namespace {
// Issue 17: "87,3 %" where Swedish writes it, with a space between thousands; English as English.
TEST(Numbers, AsTheReadersLanguageWritesThem) {
    namespace sdk = followup::sdk;
    EXPECT_EQ(sdk::format_percent(87.345, 1), "87,3 %");
    EXPECT_EQ(sdk::format_number(1234567, 0), "1 234 567");
    EXPECT_EQ(sdk::format_number(20000, 0), "20 000");
    EXPECT_EQ(sdk::format_number(-18.04, 1), "-18,0");
    EXPECT_EQ(sdk::format_number(999, 0), "999");
    EXPECT_EQ(sdk::format_percent(87.345, 1, sdk::Language::en), "87.3 %");
    EXPECT_EQ(sdk::format_number(1234567, 0, sdk::Language::en), "1234567");
}
}  // namespace

#include "util/utf8.hpp"

namespace {
// Issue 17: a chart label was cut in the middle of a UTF-8 character.
TEST(Utf8, TruncationNeverCutsACharacter) {
    using followup::core::utf8_truncate;
    EXPECT_EQ(utf8_truncate("Tillfredsställande men kan utvecklas", 18), "Tillfredsställand…");
    EXPECT_EQ(utf8_truncate("Ögonblick", 3), "Ög…");
    EXPECT_EQ(utf8_truncate("Åäö", 3), "Åäö");
    EXPECT_EQ(utf8_truncate("Åäöå", 2, ""), "Åä");
    // A letter and its combining ring (A + U+030A) stay together.
    EXPECT_EQ(utf8_truncate("A\xCC\x8A" "Bcd", 2), "A\xCC\x8A…");
    for (std::size_t n = 1; n < 40; ++n) {
        const std::string cut = utf8_truncate("Förskolan Ängen i Saltsjöbaden – ä ö å é", n);
        for (std::size_t i = 0; i < cut.size();) {
            const auto [cp, len] = followup::core::utf8_code_point(cut, i);
            ASSERT_FALSE(len == 1 && static_cast<unsigned char>(cut[i]) >= 0x80) << "a broken sequence at " << i << " of " << cut;
            i += len;
        }
    }
}
}  // namespace
