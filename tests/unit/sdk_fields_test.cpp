// Every member of every SDK record survives the host's wire format (encode → decode) and the
// register's row bridge (to_row → *_from_row). The records are filled and compared member by
// member through the structs themselves (structured bindings over the members the compiler counts),
// not through the field lists the converters walk (records/sdk_fields.hpp): a member left out of a
// list, or read back into the wrong member, comes back different and fails here.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <limits>
#include <string>
#include <tuple>
#include <typeinfo>
#include <vector>

#include "host/plugin_wire.hpp"
#include "records/sdk_fields.hpp"
#include "store/rows.hpp"

namespace sdk = followup::sdk;
using followup::core::fields::member_count;
namespace wire = followup::core::wire;

namespace {

/// The members of an aggregate, as references, in declaration order.
template <class T>
auto members(T& t) {
    constexpr std::size_t n = member_count<std::remove_const_t<T>>();
    static_assert(n >= 1 && n <= 10, "members(): add a case for this many members");
    if constexpr (n == 1) { auto& [a] = t; return std::tie(a); }
    else if constexpr (n == 2) { auto& [a, b] = t; return std::tie(a, b); }
    else if constexpr (n == 3) { auto& [a, b, c] = t; return std::tie(a, b, c); }
    else if constexpr (n == 4) { auto& [a, b, c, d] = t; return std::tie(a, b, c, d); }
    else if constexpr (n == 5) { auto& [a, b, c, d, e] = t; return std::tie(a, b, c, d, e); }
    else if constexpr (n == 6) { auto& [a, b, c, d, e, f] = t; return std::tie(a, b, c, d, e, f); }
    else if constexpr (n == 7) { auto& [a, b, c, d, e, f, g] = t; return std::tie(a, b, c, d, e, f, g); }
    else if constexpr (n == 8) { auto& [a, b, c, d, e, f, g, h] = t; return std::tie(a, b, c, d, e, f, g, h); }
    else if constexpr (n == 9) { auto& [a, b, c, d, e, f, g, h, i] = t; return std::tie(a, b, c, d, e, f, g, h, i); }
    else { auto& [a, b, c, d, e, f, g, h, i, j] = t; return std::tie(a, b, c, d, e, f, g, h, i, j); }
}

template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};

/// Gives every member a value of its own, never its default: strings "v1", "v2", ..., dates a
/// few days apart, each choice its second (never the default first), a flag its opposite, and one
/// element in every list.
class Filler {
public:
    template <class T>
    void fill(T& value) {
        ++n_;
        if constexpr (std::is_same_v<T, std::string>) value = "v" + std::to_string(n_);
        else if constexpr (std::is_same_v<T, sdk::Date>) value = sdk::Date{std::chrono::sys_days{std::chrono::year{2001} / 1 / 1} + std::chrono::days{3 * n_}};
        else if constexpr (std::is_same_v<T, bool>) value = !value;
        else if constexpr (std::is_enum_v<T>) value = static_cast<T>(1);
        else if constexpr (std::is_same_v<T, double>) value = n_ + 0.25;
        else if constexpr (std::is_integral_v<T>) value = static_cast<T>(100 + n_);
        else if constexpr (is_optional<T>::value) { value.emplace(); fill(*value); }
        else if constexpr (std::is_same_v<T, std::vector<sdk::GradingScale>>) value = scales();
        else if constexpr (is_vector<T>::value) { value.clear(); fill(value.emplace_back()); }
        else std::apply([&](auto&... m) { (fill(m), ...); }, members(value));
    }
private:
    /// ModelDescription::scales: GradingScale checks itself when made, so it is made whole here.
    std::vector<sdk::GradingScale> scales() {
        sdk::GradeLevel good, bad;
        fill(good);
        fill(bad);
        good.deficiency = false, good.severity = 0;
        bad.deficiency = true, bad.severity = 2;
        const std::string id = "scale-" + std::to_string(++n_);
        const std::string name = "name-" + std::to_string(++n_);
        return {sdk::GradingScale(id, name, {good, bad})};
    }

    int n_ = 0;
};

template <class T>
T filled() {
    T value{};
    Filler f;
    f.fill(value);
    return value;
}

/// Compares member by member, naming the first that differs.
template <class T>
void expect_same(const T& want, const T& got, const std::string& where) {
    if constexpr (std::is_same_v<T, sdk::GradingScale>) {
        EXPECT_EQ(want.id(), got.id()) << where;
        EXPECT_EQ(want.name(), got.name()) << where;
        expect_same(want.levels(), got.levels(), where + ".levels");
    } else if constexpr (is_vector<T>::value) {
        ASSERT_EQ(want.size(), got.size()) << where;
        for (std::size_t i = 0; i < want.size(); ++i) expect_same(want[i], got[i], where + "[" + std::to_string(i) + "]");
    } else if constexpr (is_optional<T>::value) {
        ASSERT_EQ(want.has_value(), got.has_value()) << where;
        if (want) expect_same(*want, *got, where);
    } else if constexpr (std::is_class_v<T> && !std::is_same_v<T, std::string> && !std::is_same_v<T, sdk::Date>) {
        auto a = members(want);
        auto b = members(got);
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (expect_same(std::get<I>(a), std::get<I>(b), where + ".member " + std::to_string(I + 1)), ...);
        }(std::make_index_sequence<std::tuple_size_v<decltype(a)>>{});
    } else {
        EXPECT_TRUE(want == got) << where << " did not survive";
    }
}

TEST(SdkFields, EveryMemberOfAModelsAnswerSurvivesTheWireFormat) {
    const auto description = filled<sdk::ModelDescription>();
    expect_same(description, wire::decode_description(wire::encode(description)), "ModelDescription");
    const auto issues = filled<std::vector<sdk::ConfigIssue>>();
    expect_same(issues, wire::decode_issues(wire::encode(issues)), "ConfigIssue");
    const auto plan = filled<std::vector<sdk::PlannedFollowUp>>();
    expect_same(plan, wire::decode_plan(wire::encode(plan)), "PlannedFollowUp");
    const auto assessment = filled<sdk::Assessment>();
    expect_same(assessment, wire::decode_assessment(wire::encode(assessment)), "Assessment");
    const auto section = filled<sdk::BoardSection>();
    expect_same(section, wire::decode_section(wire::encode(section)), "BoardSection");
    const auto claims = filled<std::vector<sdk::RequirementClaim>>();
    expect_same(claims, wire::decode_claims(wire::encode(claims)), "RequirementClaim");
}

TEST(SdkFields, EveryMemberOfACallsArgumentsAndOfTheRegistersAnswersSurvivesTheWireFormat) {
    // What the host sends a plugin's long-lived child, and what it answers the child's questions with.
    const auto record = filled<sdk::FollowUpRecord>();
    expect_same(record, wire::decode_follow_up_record(wire::encode(record)), "FollowUpRecord");
    const auto plan = filled<sdk::PlanRequest>();
    expect_same(plan, wire::decode_plan_request(wire::encode(plan)), "PlanRequest");
    const auto section = filled<sdk::SectionRequest>();
    expect_same(section, wire::decode_section_request(wire::encode(section)), "SectionRequest");
    const auto area = filled<std::vector<sdk::ProviderRecord>>();
    expect_same(area, wire::decode_value<std::vector<sdk::ProviderRecord>>(wire::encode_value(area)), "ProviderRecord");
    const auto series = filled<std::vector<sdk::IndicatorValue>>();
    expect_same(series, wire::decode_value<std::vector<sdk::IndicatorValue>>(wire::encode_value(series)), "IndicatorValue");
    const auto closure = filled<std::optional<sdk::Closure>>();
    expect_same(closure, wire::decode_value<std::optional<sdk::Closure>>(wire::encode_value(closure)), "Closure");
    const auto stored = filled<std::optional<sdk::Assessment>>();
    expect_same(stored, wire::decode_value<std::optional<sdk::Assessment>>(wire::encode_value(stored)), "stored Assessment");
    const auto signals = filled<std::vector<sdk::Signal>>();
    expect_same(signals, wire::decode_value<std::vector<sdk::Signal>>(wire::encode_value(signals)), "Signal");
    const auto steps = filled<std::vector<sdk::ProcessStep>>();
    expect_same(steps, wire::decode_value<std::vector<sdk::ProcessStep>>(wire::encode_value(steps)), "ProcessStep");
}

TEST(SdkFields, AwkwardBytesInACallsArgumentsComeBackExactlyAndACutMessageIsRefused) {
    // NULs, bytes that are not UTF-8, line ends, the CSV and TOML quoting characters, Swedish
    // letters, and a string longer than a pipe's buffer.
    const std::string awkward = std::string("a\0b", 3) + "\xff\xfe\x80\n\r\t;\"'\\" + "åäö Ö" + std::string(1, '\0') + std::string(70000, 'x');
    sdk::FollowUpRecord record;
    record.activity.id = awkward;
    record.activity.area_id = "";
    record.activity.provider = std::string(1, '\0');
    record.activity.done = sdk::Date{std::chrono::year{2025}, std::chrono::month{2}, std::chrono::day{30}};  // not ok(): as it was
    record.activity.planned = {sdk::Date{std::chrono::year{-32767}, std::chrono::month{1}, std::chrono::day{1}},
                               sdk::Date{std::chrono::year{32767}, std::chrono::month{12}, std::chrono::day{31}}};
    record.provider.name = awkward + "\xc3";  // a cut UTF-8 sequence at the end
    record.findings = {{awkward, "", {"\n", std::string(3, '\0')}, awkward, ""}, {}};
    record.evidence = {{"", awkward, "\x01\x02", std::nullopt}};
    record.steps = {{awkward, sdk::Date{std::chrono::year{2024}, std::chrono::month{13}, std::chrono::day{0}}}};
    const std::string bytes = wire::encode(record);
    const sdk::FollowUpRecord back = wire::decode_follow_up_record(bytes);
    expect_same(record, back, "awkward FollowUpRecord");
    EXPECT_EQ(back.activity.id.size(), awkward.size());
    EXPECT_FALSE(back.activity.done->ok());

    const sdk::PlanRequest plan{std::numeric_limits<int>::min(), awkward};
    expect_same(plan, wire::decode_plan_request(wire::encode(plan)), "awkward PlanRequest");
    const sdk::SectionRequest section{std::numeric_limits<int>::max(), sdk::Language::en, std::string(1, '\0')};
    expect_same(section, wire::decode_section_request(wire::encode(section)), "awkward SectionRequest");

    // A value is its bits: NaN, -0.0 and the smallest subnormal come back as they were.
    std::vector<sdk::IndicatorValue> series(3);
    series[0].value = std::numeric_limits<double>::quiet_NaN();
    series[1].value = -0.0;
    series[2].value = std::numeric_limits<double>::denorm_min();
    const auto series_back = wire::decode_value<std::vector<sdk::IndicatorValue>>(wire::encode_value(series));
    ASSERT_EQ(series_back.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(std::memcmp(&series[i].value, &series_back[i].value, sizeof(double)), 0) << i;

    // One byte short (a child that died writing) or one too many is refused, not read as something else.
    EXPECT_THROW(wire::decode_follow_up_record(bytes.substr(0, bytes.size() - 1)), std::runtime_error);
    EXPECT_THROW(wire::decode_follow_up_record(bytes + '\0'), std::runtime_error);
    EXPECT_THROW(wire::decode_plan_request(wire::encode(plan).substr(0, 5)), std::runtime_error);
    EXPECT_THROW(wire::decode_section_request(std::string()), std::runtime_error);
}

TEST(SdkFields, EveryMemberOfAStoredRecordSurvivesItsRow) {
    using namespace followup::core;
    const auto provider = filled<sdk::Provider>();
    expect_same(provider, provider_from_row(to_row(provider)), "Provider");
    const auto unit = filled<sdk::Unit>();
    expect_same(unit, unit_from_row(to_row(unit)), "Unit");
    const auto authorization = filled<sdk::Authorization>();
    expect_same(authorization, authorization_from_row(to_row(authorization)), "Authorization");
    const auto follow_up = filled<sdk::FollowUpActivity>();
    expect_same(follow_up, follow_up_from_row(to_row(follow_up)), "FollowUpActivity");
    const auto finding = filled<sdk::Finding>();
    expect_same(finding, finding_from_row(to_row(finding)), "Finding");
    const auto decision = filled<sdk::Decision>();
    expect_same(decision, decision_from_row(to_row("f1", decision)), "Decision");
    const auto evidence = filled<sdk::Evidence>();
    expect_same(evidence, evidence_from_row(to_row("f1", evidence)), "Evidence");
    const auto step = filled<sdk::ProcessStep>();
    expect_same(step, step_from_row(to_row("f1", step)), "ProcessStep");
    const auto closure = filled<sdk::Closure>();
    expect_same(closure, closure_from_row(to_row("f1", closure)), "Closure");
    const auto signal = filled<sdk::Signal>();
    expect_same(signal, signal_from_row(to_row(signal)), "Signal");
    const auto indicator = filled<sdk::IndicatorValue>();
    expect_same(indicator, indicator_from_row(to_row(indicator)), "IndicatorValue");
}

TEST(SdkFields, TheFillerGivesEveryMemberAValueOtherThanItsDefault) {
    // Without this the two tests above could pass with a member left at its default on both sides.
    const auto a = filled<sdk::Decision>();
    const sdk::Decision empty{};
    EXPECT_NE(a.kind, empty.kind);
    EXPECT_NE(a.serious_maladministration, empty.serious_maladministration);
    EXPECT_TRUE(a.deadline && a.decided && *a.deadline != *a.decided);
    EXPECT_NE(a.reason, a.reference);
    const auto form = filled<sdk::FollowUpForm>();
    EXPECT_FALSE(form.visit);  // true by default
}

}  // namespace
