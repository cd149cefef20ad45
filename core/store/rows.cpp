#include "store/rows.hpp"

#include <charconv>

#include <fmt/format.h>

namespace followup::core {
namespace {

/// A kind's columns found by name: the order is record_kinds()'s and is not repeated here. A
/// column renamed there fails here at first use, loudly (StoreError), not by writing a value into
/// the wrong column.
class Layout {
public:
    explicit Layout(const char* kind) : kind_(find_record_kind(kind)) {
        if (kind_ == nullptr) throw StoreError(fmt::format("no record kind '{}'", kind));
    }
    std::size_t operator()(const char* column) const {
        const std::size_t i = kind_->column_index(column);
        if (i == kind_->columns.size()) throw StoreError(fmt::format("{} has no column '{}'", kind_->name, column));
        return i;
    }
    Row empty_row() const { return Row(kind_->columns.size()); }

private:
    const RecordKind* kind_;
};

// Each kind's column positions, looked up once (the snapshot converts millions of rows).
struct ProviderColumns {
    Layout of{"providers"};
    std::size_t org_number = of("org_number"), name = of("name"), ownership = of("ownership"), continuity_plan = of("continuity_plan");
};
struct UnitColumns {
    Layout of{"units"};
    std::size_t id = of("id"), provider = of("provider"), name = of("name"), address = of("address"), area = of("area"),
                registered_persons = of("registered_persons");
};
struct AuthorizationColumns {
    Layout of{"authorizations"};
    std::size_t provider = of("provider"), area = of("area"), granted = of("granted"), status = of("status"), ended = of("ended");
};
struct FollowUpColumns {
    Layout of{"follow_ups"};
    std::size_t id = of("id"), provider = of("provider"), unit = of("unit"), area = of("area"), form = of("form"),
                planned_from = of("planned_from"), planned_to = of("planned_to"), done = of("done"), status = of("status"),
                inspector = of("inspector"), trigger = of("trigger");
};
struct FindingColumns {
    Layout of{"findings"};
    std::size_t follow_up = of("follow_up"), condition = of("condition"), scale = of("scale"), grade = of("grade"), text = of("text"),
                basis = of("basis");
};
struct DecisionColumns {
    Layout of{"decisions"};
    std::size_t follow_up = of("follow_up"), kind = of("kind"), decided = of("decided"),
                serious_maladministration = of("serious_maladministration"), deadline = of("deadline"), reason = of("reason"),
                reference = of("reference"), legal_ground = of("legal_ground");
};
struct EvidenceColumns {
    Layout of{"evidence"};
    std::size_t follow_up = of("follow_up"), condition = of("condition"), subject = of("subject"), document = of("document"),
                dated = of("dated");
};
struct StepColumns {
    Layout of{"steps"};
    std::size_t follow_up = of("follow_up"), step = of("step"), done = of("done");
};
struct ClosureColumns {
    Layout of{"closures"};
    std::size_t follow_up = of("follow_up"), closed = of("closed"), basis = of("basis"), reason = of("reason");
};
struct SignalColumns {
    Layout of{"signals"};
    std::size_t id = of("id"), provider = of("provider"), area = of("area"), kind = of("kind"), received = of("received"),
                summary = of("summary"), unit = of("unit"), substantiated = of("substantiated"), outcome = of("outcome");
};
struct IndicatorColumns {
    Layout of{"indicators"};
    std::size_t key_figure = of("key_figure"), provider = of("provider"), unit = of("unit"), period_from = of("period_from"),
                period_to = of("period_to"), value = of("value"), answers = of("answers");
};
struct PlanColumns {
    Layout of{"plans"};
    std::size_t board = of("board"), year = of("year"), adopted = of("adopted"), reported = of("reported");
};

template <class Columns>
const Columns& columns() {
    static const Columns c;
    return c;
}

std::string text(const sdk::Date& d) { return sdk::format_date(d); }
std::string text(const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : std::string(); }
std::string text(const std::optional<int>& n) { return n ? std::to_string(*n) : std::string(); }
/// As the register writes a boolean column (ColumnType::boolean).
std::string text(bool b) { return b ? "ja" : "nej"; }

sdk::Date date_of(const std::string& t) { return sdk::parse_date(t).value_or(sdk::Date{}); }
std::optional<sdk::Date> optional_date_of(const std::string& t) {
    if (t.empty()) return std::nullopt;
    return sdk::parse_date(t);
}
std::optional<int> optional_int_of(const std::string& t) {
    int n = 0;
    if (t.empty() || std::from_chars(t.data(), t.data() + t.size(), n).ec != std::errc{}) return std::nullopt;
    return n;
}

sdk::AuthorizationStatus authorization_status_of(const std::string& t) {
    return t == "revoked" ? sdk::AuthorizationStatus::revoked : t == "suspended" ? sdk::AuthorizationStatus::suspended
                                                                                : sdk::AuthorizationStatus::active;
}
sdk::ActivityStatus activity_status_of(const std::string& t) {
    return t == "done" ? sdk::ActivityStatus::done : t == "cancelled" ? sdk::ActivityStatus::cancelled : sdk::ActivityStatus::planned;
}

}  // namespace

Row to_row(const sdk::Provider& p, const std::optional<sdk::Date>& continuity_plan) {
    const auto& c = columns<ProviderColumns>();
    Row row = c.of.empty_row();
    row[c.org_number] = p.org_number;
    row[c.name] = p.name;
    row[c.ownership] = std::string(sdk::to_string(p.ownership));
    row[c.continuity_plan] = text(continuity_plan);
    return row;
}

sdk::Provider provider_from_row(const Row& row) {
    const auto& c = columns<ProviderColumns>();
    return {row[c.org_number], row[c.name], sdk::ownership_from_string(row[c.ownership]).value_or(sdk::Ownership::private_company)};
}

Row to_row(const sdk::Unit& u) {
    const auto& c = columns<UnitColumns>();
    Row row = c.of.empty_row();
    row[c.id] = u.id;
    row[c.provider] = u.provider;
    row[c.name] = u.name;
    row[c.address] = u.address;
    row[c.area] = u.area_id;
    row[c.registered_persons] = text(u.registered_persons);
    return row;
}

sdk::Unit unit_from_row(const Row& row) {
    const auto& c = columns<UnitColumns>();
    return {row[c.id], row[c.provider], row[c.name], row[c.address], row[c.area], optional_int_of(row[c.registered_persons])};
}

Row to_row(const sdk::Authorization& a) {
    const auto& c = columns<AuthorizationColumns>();
    Row row = c.of.empty_row();
    row[c.provider] = a.provider;
    row[c.area] = a.area_id;
    row[c.granted] = text(a.granted);
    row[c.status] = std::string(sdk::to_string(a.status));
    row[c.ended] = text(a.ended);
    return row;
}

sdk::Authorization authorization_from_row(const Row& row) {
    const auto& c = columns<AuthorizationColumns>();
    return {row[c.provider], row[c.area], authorization_status_of(row[c.status]), date_of(row[c.granted]),
            optional_date_of(row[c.ended])};
}

Row to_row(const sdk::FollowUpActivity& f) {
    const auto& c = columns<FollowUpColumns>();
    Row row = c.of.empty_row();
    row[c.id] = f.id;
    row[c.provider] = f.provider;
    row[c.unit] = f.unit_id;
    row[c.area] = f.area_id;
    row[c.form] = f.form_id;
    row[c.planned_from] = text(f.planned.first);
    row[c.planned_to] = text(f.planned.last);
    row[c.done] = text(f.done);
    row[c.status] = std::string(sdk::to_string(f.status));
    row[c.inspector] = f.inspector;
    row[c.trigger] = std::string(sdk::to_string(f.trigger));
    return row;
}

FollowUpFields follow_up_fields(const Row& row) {
    const auto& c = columns<FollowUpColumns>();
    return {row[c.id],
            row[c.form],
            row[c.area],
            row[c.provider],
            row[c.unit],
            {date_of(row[c.planned_from]), date_of(row[c.planned_to])},
            optional_date_of(row[c.done]),
            activity_status_of(row[c.status]),
            row[c.inspector],
            row[c.trigger] == "signal" ? sdk::Trigger::signal : sdk::Trigger::planned};
}

sdk::FollowUpActivity follow_up_from_row(const Row& row) {
    const FollowUpFields f = follow_up_fields(row);
    return {std::string(f.id),      std::string(f.form_id),   std::string(f.area_id), std::string(f.provider), std::string(f.unit_id),
            f.planned,              f.done,                   f.status,               std::string(f.inspector), f.trigger};
}

Row to_row(const sdk::Finding& f) {
    const auto& c = columns<FindingColumns>();
    Row row = c.of.empty_row();
    row[c.follow_up] = f.activity_id;
    row[c.condition] = f.condition_id;
    row[c.scale] = f.grade.scale_id;
    row[c.grade] = f.grade.level_id;
    row[c.text] = f.text;
    row[c.basis] = f.basis;
    return row;
}

sdk::Finding finding_from_row(const Row& row) {
    const auto& c = columns<FindingColumns>();
    return {row[c.follow_up], row[c.condition], {row[c.scale], row[c.grade]}, row[c.text], row[c.basis]};
}

Row to_row(std::string_view follow_up, const sdk::Decision& d) {
    const auto& c = columns<DecisionColumns>();
    Row row = c.of.empty_row();
    row[c.follow_up] = follow_up;
    row[c.kind] = std::string(sdk::to_string(d.kind));
    row[c.decided] = text(d.decided);
    row[c.serious_maladministration] = text(d.serious_maladministration);
    row[c.deadline] = text(d.deadline);
    row[c.reason] = d.reason;
    row[c.reference] = d.reference;
    row[c.legal_ground] = d.legal_ground;
    return row;
}

sdk::Decision decision_from_row(const Row& row) {
    const auto& c = columns<DecisionColumns>();
    return {sdk::decision_kind_from_string(row[c.kind]).value_or(sdk::DecisionKind::no_action),
            row[c.serious_maladministration] == "ja",
            optional_date_of(row[c.deadline]),
            row[c.reason],
            optional_date_of(row[c.decided]),
            row[c.reference],
            row[c.legal_ground]};
}

Row to_row(std::string_view follow_up, const sdk::Evidence& e) {
    const auto& c = columns<EvidenceColumns>();
    Row row = c.of.empty_row();
    row[c.follow_up] = follow_up;
    row[c.condition] = e.condition_id;
    row[c.subject] = e.subject;
    row[c.document] = e.document;
    row[c.dated] = text(e.dated);
    return row;
}

sdk::Evidence evidence_from_row(const Row& row) {
    const auto& c = columns<EvidenceColumns>();
    return {row[c.condition], row[c.subject], row[c.document], optional_date_of(row[c.dated])};
}

Row to_row(std::string_view follow_up, const sdk::ProcessStep& s) {
    const auto& c = columns<StepColumns>();
    Row row = c.of.empty_row();
    row[c.follow_up] = follow_up;
    row[c.step] = s.step;
    row[c.done] = text(s.done);
    return row;
}

sdk::ProcessStep step_from_row(const Row& row) {
    const auto& c = columns<StepColumns>();
    return {row[c.step], date_of(row[c.done])};
}

Row to_row(std::string_view follow_up, const sdk::Closure& closure) {
    const auto& c = columns<ClosureColumns>();
    Row row = c.of.empty_row();
    row[c.follow_up] = follow_up;
    row[c.closed] = text(closure.closed);
    row[c.basis] = closure.basis;
    row[c.reason] = closure.reason;
    return row;
}

sdk::Closure closure_from_row(const Row& row) {
    const auto& c = columns<ClosureColumns>();
    return {date_of(row[c.closed]), row[c.basis], row[c.reason]};
}

Row to_row(const sdk::Signal& s) {
    const auto& c = columns<SignalColumns>();
    Row row = c.of.empty_row();
    row[c.id] = s.id;
    row[c.provider] = s.provider;
    row[c.area] = s.area_id;
    row[c.kind] = std::string(sdk::to_string(s.kind));
    row[c.received] = text(s.received);
    row[c.summary] = s.summary;
    row[c.unit] = s.unit_id;
    row[c.substantiated] = s.substantiated ? text(*s.substantiated) : std::string();
    row[c.outcome] = s.outcome;
    return row;
}

sdk::Signal signal_from_row(const Row& row) {
    const auto& c = columns<SignalColumns>();
    const std::string& substantiated = row[c.substantiated];
    return {row[c.id],
            row[c.provider],
            row[c.area],
            sdk::signal_kind_from_string(row[c.kind]).value_or(sdk::SignalKind::complaint),
            date_of(row[c.received]),
            row[c.summary],
            row[c.unit],
            substantiated.empty() ? std::nullopt : std::optional<bool>(substantiated == "ja"),
            row[c.outcome]};
}

Row to_row(const sdk::IndicatorValue& v) {
    const auto& c = columns<IndicatorColumns>();
    Row row = c.of.empty_row();
    row[c.key_figure] = v.key_figure;
    row[c.provider] = v.provider;
    row[c.unit] = v.unit_id;
    row[c.period_from] = text(v.period.first);
    row[c.period_to] = text(v.period.last);
    row[c.value] = fmt::format("{}", v.value);  // as the register reads a number back (shortest exact form)
    row[c.answers] = text(v.answers);
    return row;
}

sdk::IndicatorValue indicator_from_row(const Row& row) {
    const auto& c = columns<IndicatorColumns>();
    return {row[c.key_figure], row[c.provider], row[c.unit], {date_of(row[c.period_from]), date_of(row[c.period_to])},
            std::stod(row[c.value]), optional_int_of(row[c.answers])};
}

Row to_row(const PlanAdoption& p) {
    const auto& c = columns<PlanColumns>();
    Row row = c.of.empty_row();
    row[c.board] = p.board_id;
    row[c.year] = std::to_string(p.year);
    row[c.adopted] = text(p.adopted);
    row[c.reported] = text(p.reported);
    return row;
}

PlanAdoption plan_adoption_from_row(const Row& row) {
    const auto& c = columns<PlanColumns>();
    return {row[c.board], std::stoi(row[c.year]), date_of(row[c.adopted]), optional_date_of(row[c.reported])};
}

}  // namespace followup::core
