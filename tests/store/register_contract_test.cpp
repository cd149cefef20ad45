// The register contract: every implementation of sdk::RegisterView answers the same questions
// alike, in the order RegisterView documents (sdk/include/followup/sdk/host.hpp). The plugins
// read the SQLite register (`record`, `assess`, `plan`), the snapshot (`compile`) or the
// in-memory register (the demo's simulated years, tests); a model must not judge differently
// depending on which one it was handed.
//
// The same records go into each, the in-memory one in a scrambled order, so that an answer in
// the order the records were added is caught. Records are compared as register rows (rows.hpp),
// which covers every field.
//
// The SQLite register and the PostgreSQL one (on the test cluster, tests/postgres/cluster.sh) are
// both here, each also under a snapshot: the same records, the same answers.
//
// Also here: the typed bridge of rows.hpp, each kind's record to a row and back.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/assessment_rows.hpp"
#include "store/memory_register.hpp"
#include "store/register_snapshot.hpp"
#include "store/rows.hpp"
#include "store/register_location.hpp"
#include "store/sqlite_register.hpp"
#include "postgres_support.hpp"
#include "test_support.hpp"

namespace sdk = followup::sdk;
using namespace followup::core;
using namespace followup::test;
using namespace std::chrono;

namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }
sdk::Date day(int y, unsigned m, unsigned d) { return year{y} / month{m} / d; }

const std::string p1 = org_number(1), p2 = org_number(2), p3 = org_number(3);

/// The records every implementation holds, each list in the order the in-memory register gets
/// them: never the documented order.
struct Records {
    std::vector<sdk::Provider> providers{{p3, "Nacka kommun, egen regi", sdk::Ownership::municipal},
                                         {p1, "Förskolan Ekorren AB", sdk::Ownership::private_company},
                                         {p2, "Hemtjänst Tallen AB", sdk::Ownership::non_profit}};
    std::vector<sdk::Authorization> authorizations{
        {p1, "forskola", sdk::AuthorizationStatus::active, day(2020, 1, 1), std::nullopt},
        {p1, "forskola", sdk::AuthorizationStatus::revoked, day(2015, 6, 1), day(2019, 12, 31)},
        {p3, "forskola", sdk::AuthorizationStatus::active, day(2005, 1, 1), std::nullopt},
        // p2 is authorized in home care only, yet has a follow-up in preschool.
        {p2, "hemtjanst", sdk::AuthorizationStatus::suspended, day(2018, 3, 1), std::nullopt}};
    std::vector<sdk::Unit> units{{"u2", p1, "Ekorren Sickla", "Sickla allé 1, 131 34 Nacka", "forskola", 4},
                                 {"u10", p1, "Ekorren Boo", "", "", std::nullopt},
                                 {"u1", p1, "Ekorren Orminge", "Kanalvägen 3, 132 30 Nacka", "forskola", std::nullopt},
                                 {"k1", p3, "Förskolan Trollet", "", "forskola", std::nullopt}};
    std::vector<sdk::FollowUpActivity> follow_ups{
        {"f-b", "tillsyn", "forskola", p1, "u1", {day(2025, 3, 1), day(2025, 3, 31)}, day(2025, 3, 12),
         sdk::ActivityStatus::done, "ingrid", sdk::Trigger::planned},
        {"f-a", "tillsyn", "forskola", p1, "", {day(2025, 3, 1), day(2025, 4, 30)}, std::nullopt,
         sdk::ActivityStatus::planned, "", sdk::Trigger::signal},
        {"f-c", "insyn", "forskola", p1, "u2", {day(2024, 9, 1), day(2024, 9, 30)}, std::nullopt,
         sdk::ActivityStatus::cancelled, "olle", sdk::Trigger::planned},
        {"f-z", "insyn", "forskola", p1, "", {day(2024, 1, 10), day(2024, 1, 20)}, day(2024, 1, 15),
         sdk::ActivityStatus::done, "", sdk::Trigger::planned},
        {"g-1", "tillsyn", "forskola", p2, "", {day(2025, 5, 1), day(2025, 5, 31)}, std::nullopt,
         sdk::ActivityStatus::planned, "", sdk::Trigger::planned}};
    std::vector<sdk::Finding> findings{{"f-b", "z_villkor", {"tillsyn4", "mindre_brist"}, "Brister i z", "besök"},
                                       {"f-b", "a_villkor", {"tillsyn4", "tillfredsstallande"}, "", "besök"},
                                       {"f-z", "a_villkor", {"tillsyn4", "allvarlig_brist"}, "Allvarligt", "dokument"},
                                       {"f-b", "m_villkor", {"tillsyn4", "mindre_brist"}, "Brister i m", "besök"}};
    std::vector<std::pair<std::string, sdk::Decision>> decisions{
        {"f-b", {sdk::DecisionKind::remark, false, std::nullopt, "för stora grupper", day(2025, 4, 1), "UBN 2025/2", ""}},
        {"f-b",
         {sdk::DecisionKind::injunction, true, day(2025, 9, 1), "brister kvarstår", day(2025, 4, 1), "UBN 2025/1",
          "skollagen 26 kap. 10 §"}},
        {"f-b", {sdk::DecisionKind::pointed_out, false, std::nullopt, "", day(2025, 3, 20), "", ""}}};
    std::vector<std::pair<std::string, sdk::ProcessStep>> steps{{"f-b", {"reported_to_board", day(2025, 4, 2)}},
                                                                {"f-b", {"documented", day(2025, 3, 15)}},
                                                                {"f-b", {"communicated_to_provider", day(2025, 4, 10)}}};
    std::vector<std::pair<std::string, sdk::Closure>> closures{{"f-z", {day(2024, 3, 1), "visit", "Bristerna åtgärdade"}}};
    std::vector<sdk::Signal> signals{
        {"s0", p1, "forskola", sdk::SignalKind::incident, day(2025, 5, 1), "avvikelse", "u1", true, "kvalitetsgranskning"},
        {"s2", p1, "forskola", sdk::SignalKind::complaint, day(2025, 2, 1), "klagomål", "", std::nullopt, ""},
        {"s1", p1, "forskola", sdk::SignalKind::tip, day(2025, 2, 1), "tips", "", false, "ingen åtgärd"},
        {"s9", p1, "hemtjanst", sdk::SignalKind::complaint, day(2025, 1, 1), "annat område", "", std::nullopt, ""}};
    std::vector<sdk::IndicatorValue> indicators{
        {"nojdhet", p1, "u2", {day(2025, 1, 1), day(2025, 12, 31)}, 80.5, 12},
        {"nojdhet", p1, "", {day(2025, 1, 1), day(2025, 12, 31)}, 85.25, 40},
        {"nojdhet", p1, "", {day(2024, 1, 1), day(2024, 12, 31)}, 79.0, std::nullopt},
        {"andel_arbete", p1, "", {day(2025, 1, 1), day(2025, 4, 30)}, 33.3, std::nullopt},
        {"nojdhet", p3, "", {day(2025, 1, 1), day(2025, 12, 31)}, 90.0, 100}};
    /// As the register stores an assessment: its row, and its deficiencies in full beside it
    /// (assessment_deficiencies), so that every implementation holds the same.
    static sdk::Assessment assessed() {
        sdk::Assessment a;
        a.deficiencies = {{"f-b", "barngrupper", {"tillsyn4", "mindre_brist"}, "för stora barngrupper", "besök"},
                          {"f-b", "registerutdrag_adressen", {"tillsyn4", "allvarlig_brist"},
                           "1 av 3 folkbokförda på adressen har inte visat registerutdrag", "uppvisade handlingar"}};
        a.proposed = {sdk::DecisionKind::remark, false, day(2025, 6, 1), "två brister", std::nullopt, "", "skollagen"};
        a.next_due = day(2027, 3, 12);
        a.recheck = sdk::Period{day(2025, 7, 1), day(2025, 12, 1)};
        a.risk_category = "hög";
        a.risk_reason = "brister två år i rad";
        a.missing_steps = {"reported_to_board"};
        a.explanation = "två mindre brister";
        return a;
    }
    std::vector<Row> assessments{assessment_row({"f-b", "utbildning", "education 1.2.0", day(2025, 3, 13)}, assessed())};
    std::vector<Row> assessment_deficiencies = assessment_deficiency_rows("f-b", assessed());
};

/// One implementation of the register view holding the records, with what it needs kept alive.
struct Holder {
    virtual ~Holder() = default;
    virtual const sdk::RegisterView& view() const = 0;
};

struct Implementation {
    std::string name;
    std::function<std::unique_ptr<Holder>(const Records&)> make;
};
void PrintTo(const Implementation& implementation, std::ostream* out) { *out << implementation.name; }

/// Puts the records into `store`, references first, as the register's foreign keys require.
void fill(Register& store, const Records& r) {
    auto writer = store.begin("contract test");
    for (const auto& x : r.providers) writer->upsert(kind("providers"), to_row(x));
    for (const auto& x : r.units) writer->upsert(kind("units"), to_row(x));
    for (const auto& x : r.authorizations) writer->upsert(kind("authorizations"), to_row(x));
    for (const auto& x : r.follow_ups) writer->upsert(kind("follow_ups"), to_row(x));
    for (const auto& x : r.findings) writer->upsert(kind("findings"), to_row(x));
    for (const auto& [id, x] : r.decisions) writer->upsert(kind("decisions"), to_row(id, x));
    for (const auto& [id, x] : r.steps) writer->upsert(kind("steps"), to_row(id, x));
    for (const auto& [id, x] : r.closures) writer->upsert(kind("closures"), to_row(id, x));
    for (const auto& x : r.signals) writer->upsert(kind("signals"), to_row(x));
    for (const auto& x : r.indicators) writer->upsert(kind("indicators"), to_row(x));
    for (const auto& x : r.assessments) writer->upsert(kind("assessments"), x);
    for (const auto& x : r.assessment_deficiencies) writer->upsert(kind("assessment_deficiencies"), x);
    writer->commit();
}

struct SqliteHolder : Holder {
    TempDir dir;
    std::unique_ptr<Register> store = open_sqlite_register(dir / "register.sqlite");

    explicit SqliteHolder(const Records& r) { fill(*store, r); }
    const sdk::RegisterView& view() const override { return *store; }
};

struct PostgresHolder : Holder {
    TempDir dir;  // the audit key
    TestDatabase database;
    std::unique_ptr<Register> store = open_register(database.url(), RegisterCreation::create_if_missing, dir / "audit-key");
    std::unique_ptr<RegisterSnapshot> snapshot;

    PostgresHolder(const Records& r, bool snapshotted) {
        fill(*store, r);
        if (snapshotted) snapshot = std::make_unique<RegisterSnapshot>(*store);
    }
    const sdk::RegisterView& view() const override {
        return snapshot ? static_cast<const sdk::RegisterView&>(*snapshot) : *store;
    }
};

struct SnapshotHolder : SqliteHolder {
    std::unique_ptr<RegisterSnapshot> snapshot;
    explicit SnapshotHolder(const Records& r) : SqliteHolder(r), snapshot(std::make_unique<RegisterSnapshot>(*store)) {}
    const sdk::RegisterView& view() const override { return *snapshot; }
};

struct MemoryHolder : Holder {
    MemoryRegister memory;
    explicit MemoryHolder(const Records& r) {
        memory.providers = r.providers;
        memory.authorizations_list = r.authorizations;
        memory.units = r.units;
        memory.activities = r.follow_ups;
        memory.findings_list = r.findings;
        memory.decisions_by_activity = r.decisions;
        memory.steps_by_activity = r.steps;
        memory.closures_by_activity = r.closures;
        memory.signals_list = r.signals;
        memory.indicators = r.indicators;
        for (const auto& row : r.assessments)
            memory.assessments_by_activity.emplace_back(assessment_origin_from_row(row).follow_up,
                                                        with_deficiencies(assessment_from_row(row), r.assessment_deficiencies));
    }
    const sdk::RegisterView& view() const override { return memory; }
};

// ---- answers as text, so that a difference in any field shows ----

std::string line_of(const Row& row) {
    std::string line;
    for (const auto& field : row) line += field + "|";
    return line;
}

template <class Record>
std::vector<std::string> rows_of(const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(line_of(to_row(r)));
    return out;
}

/// Records that the SDK keeps without their follow-up (decisions, steps).
template <class Record>
std::vector<std::string> rows_of(std::string_view follow_up, const std::vector<Record>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(line_of(to_row(follow_up, r)));
    return out;
}

template <class Record, class Field>
std::vector<std::string> ids_of(const std::vector<Record>& records, Field field) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(field(r));
    return out;
}

std::string text_of(const sdk::ProviderRecord& r) {
    std::string out = "provider " + line_of(to_row(r.provider)) + "\n";
    for (const auto& line : rows_of(r.authorizations)) out += "  authorization " + line + "\n";
    for (const auto& line : rows_of(r.units)) out += "  unit " + line + "\n";
    for (const auto& line : rows_of(r.signals)) out += "  signal " + line + "\n";
    for (const auto& o : r.follow_ups) {
        out += "  follow-up " + line_of(to_row(o.activity)) + "\n";
        for (const auto& g : o.grades) out += "    grade " + g.grade.scale_id + "/" + g.grade.level_id + " x" + std::to_string(g.count) + "\n";
        for (const auto& line : rows_of(o.activity.id, o.decisions)) out += "    decision " + line + "\n";
        if (o.closure) out += "    closure " + line_of(to_row(o.activity.id, *o.closure)) + "\n";
        out += "    next_due " + (o.next_due ? sdk::format_date(*o.next_due) : "-") + " recheck " +
               (o.recheck ? sdk::format_date(o.recheck->first) + ".." + sdk::format_date(o.recheck->last) : "-") + " risk " +
               o.risk_category + " (" + o.risk_reason + ")\n";
    }
    return out;
}

class RegisterContract : public testing::TestWithParam<Implementation> {
protected:
    void SetUp() override { holder = GetParam().make(records); }
    const sdk::RegisterView& view() const { return holder->view(); }

    Records records;
    std::unique_ptr<Holder> holder;
};

TEST_P(RegisterContract, ProvidersInAnAreaAreTheAuthorizedOnesByOrganisationNumber) {
    EXPECT_EQ(ids_of(view().providers_in_area("forskola"), [](const auto& p) { return p.org_number; }),
              (std::vector<std::string>{p1, p3}));
    EXPECT_EQ(rows_of(view().providers_in_area("hemtjanst")), rows_of(std::vector{records.providers[2]}));
    EXPECT_TRUE(view().providers_in_area("kulturskola").empty());
}

TEST_P(RegisterContract, AuthorizationsAreOldestFirst) {
    EXPECT_EQ(rows_of(view().authorizations(p1, "forskola")),
              rows_of(std::vector{records.authorizations[1], records.authorizations[0]}));
    EXPECT_TRUE(view().authorizations(p1, "hemtjanst").empty());
}

TEST_P(RegisterContract, UnitsAreById) {
    EXPECT_EQ(rows_of(view().units_of(p1)), rows_of(std::vector{records.units[2], records.units[1], records.units[0]}));
    EXPECT_TRUE(view().units_of(p2).empty());
}

TEST_P(RegisterContract, FollowUpsAreByPlannedStartThenIdWithPlannedAndCancelledOnes) {
    EXPECT_EQ(rows_of(view().follow_ups(p1, "forskola")),
              rows_of(std::vector{records.follow_ups[3], records.follow_ups[2], records.follow_ups[1], records.follow_ups[0]}));
    // A provider's follow-ups in an area where it has no authorization are still its follow-ups.
    EXPECT_EQ(ids_of(view().follow_ups(p2, "forskola"), [](const auto& f) { return f.id; }), std::vector<std::string>{"g-1"});
    EXPECT_TRUE(view().follow_ups(p1, "hemtjanst").empty());
}

TEST_P(RegisterContract, FindingsAreByCondition) {
    EXPECT_EQ(rows_of(view().findings("f-b")), rows_of(std::vector{records.findings[1], records.findings[3], records.findings[0]}));
    EXPECT_EQ(rows_of(view().findings("f-z")), rows_of(std::vector{records.findings[2]}));
    EXPECT_TRUE(view().findings("no-such-follow-up").empty());
}

TEST_P(RegisterContract, DecisionsAreOldestFirstAndOnTheSameDayByTheKindsName) {
    const auto& d = records.decisions;
    EXPECT_EQ(rows_of("f-b", view().decisions("f-b")), rows_of("f-b", std::vector{d[2].second, d[1].second, d[0].second}));
    EXPECT_TRUE(view().decisions("f-a").empty());
}

TEST_P(RegisterContract, StepsAreByStep) {
    const auto& s = records.steps;
    EXPECT_EQ(rows_of("f-b", view().steps("f-b")), rows_of("f-b", std::vector{s[2].second, s[1].second, s[0].second}));
    EXPECT_TRUE(view().steps("f-z").empty());
}

TEST_P(RegisterContract, AClosureIsTheOneRecordedOnTheFollowUp) {
    const auto closure = view().closure("f-z");
    ASSERT_TRUE(closure.has_value());
    EXPECT_EQ(to_row("f-z", *closure), to_row("f-z", records.closures[0].second));
    EXPECT_FALSE(view().closure("f-b").has_value());
}

TEST_P(RegisterContract, TheStoredAssessmentIsWhatWasStoredWithItsDeficienciesInFull) {
    const auto stored = view().stored_assessment("f-b");
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->deficiencies.size(), 2u);
    EXPECT_EQ(assessment_deficiency_rows("f-b", *stored), records.assessment_deficiencies);
    ASSERT_EQ(stored->deficiencies.size(), 2u);
    EXPECT_EQ(stored->deficiencies[1].activity_id, "f-b");
    EXPECT_EQ(stored->deficiencies[1].text, "1 av 3 folkbokförda på adressen har inte visat registerutdrag");
    EXPECT_EQ(assessment_row({"f-b", "utbildning", "education 1.2.0", day(2025, 3, 13)}, *stored), records.assessments[0]);
    EXPECT_FALSE(view().stored_assessment("f-z").has_value());
}

TEST_P(RegisterContract, SignalsAreByDateReceivedThenId) {
    const auto& s = records.signals;
    EXPECT_EQ(rows_of(view().signals(p1, "forskola")), rows_of(std::vector{s[2], s[1], s[0]}));
    EXPECT_EQ(rows_of(view().signals(p1, "hemtjanst")), rows_of(std::vector{s[3]}));
}

TEST_P(RegisterContract, AnIndicatorSeriesIsByPeriodStartThenUnitWithTheProvidersOwnValueFirst) {
    const auto& v = records.indicators;
    EXPECT_EQ(rows_of(view().indicator_series("nojdhet", p1)), rows_of(std::vector{v[2], v[1], v[0]}));
    EXPECT_EQ(rows_of(view().indicator_series("andel_arbete", p1)), rows_of(std::vector{v[3]}));
    EXPECT_TRUE(view().indicator_series("nojdhet", p2).empty());
}

TEST_P(RegisterContract, EachProviderOfAnAreaComesWithItsRecordAsTheSqliteRegisterGivesIt) {
    std::vector<std::string> seen, expected;
    view().for_each_provider("forskola", [&](const sdk::ProviderRecord& r) { seen.push_back(text_of(r)); });
    // The record the default for_each_provider assembles from the SQLite register's answers.
    SqliteHolder sqlite(records);
    sqlite.view().for_each_provider("forskola", [&](const sdk::ProviderRecord& r) { expected.push_back(text_of(r)); });
    ASSERT_EQ(expected.size(), 2u);
    EXPECT_NE(expected[0].find("f-z|"), std::string::npos) << expected[0];
    EXPECT_NE(expected[0].find("grade tillsyn4/mindre_brist x2"), std::string::npos) << expected[0];
    EXPECT_NE(expected[0].find("next_due 2027-03-12 recheck 2025-07-01..2025-12-01 risk hög"), std::string::npos) << expected[0];
    EXPECT_EQ(seen, expected);
}

INSTANTIATE_TEST_SUITE_P(EveryImplementation, RegisterContract,
                         testing::Values(Implementation{"sqlite", [](const Records& r) -> std::unique_ptr<Holder> {
                                             return std::make_unique<SqliteHolder>(r);
                                         }},
                                         Implementation{"snapshot", [](const Records& r) -> std::unique_ptr<Holder> {
                                             return std::make_unique<SnapshotHolder>(r);
                                         }},
                                         Implementation{"memory", [](const Records& r) -> std::unique_ptr<Holder> {
                                             return std::make_unique<MemoryHolder>(r);
                                         }},
                                         Implementation{"postgresql", [](const Records& r) -> std::unique_ptr<Holder> {
                                             return std::make_unique<PostgresHolder>(r, false);
                                         }},
                                         Implementation{"postgresql_snapshot", [](const Records& r) -> std::unique_ptr<Holder> {
                                             return std::make_unique<PostgresHolder>(r, true);
                                         }}),
                         [](const testing::TestParamInfo<Implementation>& tested) { return tested.param.name; });

// ---- the typed bridge: each kind's record to a row and back ----

template <class Record>
void expect_round_trip(const char* kind_name, const Record& record, Record (*from_row)(const Row&)) {
    const Row row = to_row(record);
    EXPECT_EQ(row.size(), kind(kind_name).columns.size()) << kind_name;
    EXPECT_EQ(to_row(from_row(row)), row) << kind_name;
}

template <class Record>
void expect_round_trip(const char* kind_name, const std::string& follow_up, const Record& record, Record (*from_row)(const Row&)) {
    const Row row = to_row(follow_up, record);
    EXPECT_EQ(row.size(), kind(kind_name).columns.size()) << kind_name;
    EXPECT_EQ(value_of(kind(kind_name), row, "follow_up"), follow_up) << kind_name;
    EXPECT_EQ(to_row(follow_up, from_row(row)), row) << kind_name;
}

TEST(RowBridge, EveryKindsRecordBecomesARowOfItsColumnsAndComesBackTheSame) {
    const Records r;
    for (const auto& x : r.providers) expect_round_trip("providers", x, provider_from_row);
    for (const auto& x : r.units) expect_round_trip("units", x, unit_from_row);
    for (const auto& x : r.authorizations) expect_round_trip("authorizations", x, authorization_from_row);
    for (const auto& x : r.follow_ups) expect_round_trip("follow_ups", x, follow_up_from_row);
    for (const auto& x : r.findings) expect_round_trip("findings", x, finding_from_row);
    for (const auto& [id, x] : r.decisions) expect_round_trip("decisions", id, x, decision_from_row);
    for (const auto& [id, x] : r.steps) expect_round_trip("steps", id, x, step_from_row);
    for (const auto& [id, x] : r.closures) expect_round_trip("closures", id, x, closure_from_row);
    for (const auto& x : r.signals) expect_round_trip("signals", x, signal_from_row);
    for (const auto& x : r.indicators) expect_round_trip("indicators", x, indicator_from_row);
    expect_round_trip("evidence", "f-b", sdk::Evidence{"registerutdrag_adressen", "person 1", "registerutdrag", day(2025, 1, 2)},
                      evidence_from_row);
    expect_round_trip("plans", PlanAdoption{"utbildning", 2025, day(2025, 2, 10), std::nullopt, "forskola"}, plan_adoption_from_row);
}

TEST(RowBridge, ARowHasItsValuesInTheKindsColumnsByName) {
    const Row row = to_row(sdk::FollowUpActivity{"f-1", "tillsyn", "forskola", p1, "u1", {day(2025, 3, 1), day(2025, 3, 31)},
                                                 std::nullopt, sdk::ActivityStatus::cancelled, "ingrid", sdk::Trigger::signal});
    const RecordKind& k = kind("follow_ups");
    EXPECT_EQ(value_of(k, row, "id"), "f-1");
    EXPECT_EQ(value_of(k, row, "form"), "tillsyn");
    EXPECT_EQ(value_of(k, row, "area"), "forskola");
    EXPECT_EQ(value_of(k, row, "provider"), p1);
    EXPECT_EQ(value_of(k, row, "planned_from"), "2025-03-01");
    EXPECT_EQ(value_of(k, row, "done"), "");
    EXPECT_EQ(value_of(k, row, "status"), "cancelled");
    EXPECT_EQ(value_of(k, row, "trigger"), "signal");
    const Row decision = to_row("f-1", sdk::Decision{sdk::DecisionKind::injunction, true, day(2025, 9, 1), "", day(2025, 4, 1), "", ""});
    EXPECT_EQ(value_of(kind("decisions"), decision, "serious_maladministration"), "ja");
    EXPECT_EQ(value_of(kind("decisions"), decision, "decided"), "2025-04-01");
}

}  // namespace
