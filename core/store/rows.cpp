#include "store/rows.hpp"

#include <charconv>

#include <fmt/format.h>

#include "records/sdk_fields.hpp"

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
struct FollowUpColumns {
    Layout of{"follow_ups"};
    std::size_t id = of("id"), provider = of("provider"), unit = of("unit"), area = of("area"), form = of("form"),
                planned_from = of("planned_from"), planned_to = of("planned_to"), done = of("done"), status = of("status"),
                inspector = of("inspector"), trigger = of("trigger");
};
struct PlanColumns {
    Layout of{"plans"};
    std::size_t board = of("board"), year = of("year"), adopted = of("adopted"), reported = of("reported"), area = of("area");
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

sdk::ActivityStatus activity_status_of(const std::string& t) {
    return t == "done" ? sdk::ActivityStatus::done : t == "cancelled" ? sdk::ActivityStatus::cancelled : sdk::ActivityStatus::planned;
}

// ---- a record's members as its row's columns, by its field list (records/sdk_fields.hpp) ----

// One member's text in the row, and back.
std::string text(const std::string& s) { return s; }
std::string text(double v) { return fmt::format("{}", v); }  // as the register reads a number back (shortest exact form)
std::string text(const std::optional<bool>& b) { return b ? text(*b) : std::string(); }
template <class E>
    requires std::is_enum_v<E>
std::string text(E choice) {
    return std::string(sdk::to_string(choice));
}

void read(const std::string& t, std::string& out) { out = t; }
void read(const std::string& t, sdk::Date& out) { out = date_of(t); }
void read(const std::string& t, std::optional<sdk::Date>& out) { out = optional_date_of(t); }
void read(const std::string& t, std::optional<int>& out) { out = optional_int_of(t); }
void read(const std::string& t, bool& out) { out = t == "ja"; }
void read(const std::string& t, std::optional<bool>& out) { out = t.empty() ? std::nullopt : std::optional<bool>(t == "ja"); }
void read(const std::string& t, double& out) { out = std::stod(t); }
template <class E>
    requires std::is_enum_v<E>
void read(const std::string& t, E& out) {
    // An unknown choice becomes the kind's first, as the store's readers always did.
    if (!fields::choice_from_text(t, out)) out = E{};
}

/// Visits every member of `record` that is a column (a member that is itself a listed record, a
/// Period or a Grade, gives its own members, named `<name>_<member>`): visit(column, member).
template <class Record, class Visit>
void for_each_column(Record& record, const std::string& prefix, Visit&& visit) {
    fields::for_each(record, [&](std::string_view name, auto& member) {
        const std::string column = prefix.empty() ? std::string(name) : name.empty() ? prefix : prefix + "_" + std::string(name);
        if constexpr (fields::Listed<std::remove_cvref_t<decltype(member)>>) for_each_column(member, column, visit);
        else visit(column, member);
    });
}

/// The same members, without their names: what converting a row walks.
template <class Record, class Visit>
void for_each_leaf(Record& record, Visit&& visit) {
    fields::for_each(record, [&](std::string_view, auto& member) {
        if constexpr (fields::Listed<std::remove_cvref_t<decltype(member)>>) for_each_leaf(member, visit);
        else visit(member);
    });
}

/// Where each of Record's columns is in its kind's row, in the order for_each_column visits
/// them: worked out once (the snapshot converts millions of rows).
template <class Record>
class RecordColumns {
public:
    explicit RecordColumns(const char* kind) : of_(kind) {
        Record probe{};
        for_each_column(probe, "", [&](const std::string& column, const auto&) { at_.push_back(of_(column.c_str())); });
    }
    Row row_of(const Record& record) const {
        Row row = of_.empty_row();
        std::size_t i = 0;
        for_each_leaf(record, [&](const auto& member) { row[at_[i++]] = text(member); });
        return row;
    }
    Record record_of(const Row& row) const {
        Record record{};
        std::size_t i = 0;
        for_each_leaf(record, [&](auto& member) { read(row[at_[i++]], member); });
        return record;
    }
    const Layout& layout() const { return of_; }

private:
    Layout of_;
    std::vector<std::size_t> at_;
};

template <class Record>
const RecordColumns<Record>& record_columns(const char* kind) {
    static const RecordColumns<Record> c(kind);
    return c;
}

}  // namespace

Row to_row(const sdk::Provider& p, const std::optional<sdk::Date>& continuity_plan) {
    const auto& c = record_columns<sdk::Provider>("providers");
    Row row = c.row_of(p);
    row[columns<ProviderColumns>().continuity_plan] = text(continuity_plan);
    return row;
}

sdk::Provider provider_from_row(const Row& row) { return record_columns<sdk::Provider>("providers").record_of(row); }

Row to_row(const sdk::Unit& u) { return record_columns<sdk::Unit>("units").row_of(u); }

sdk::Unit unit_from_row(const Row& row) { return record_columns<sdk::Unit>("units").record_of(row); }

Row to_row(const sdk::Authorization& a) { return record_columns<sdk::Authorization>("authorizations").row_of(a); }

sdk::Authorization authorization_from_row(const Row& row) {
    return record_columns<sdk::Authorization>("authorizations").record_of(row);
}

Row to_row(const sdk::FollowUpActivity& f) { return record_columns<sdk::FollowUpActivity>("follow_ups").row_of(f); }

FollowUpFields follow_up_fields(const Row& row) {
    // The snapshot's view of a follow-up row without copying its texts; follow_up_from_row is
    // the record itself.
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

sdk::FollowUpActivity follow_up_from_row(const Row& row) { return record_columns<sdk::FollowUpActivity>("follow_ups").record_of(row); }

Row to_row(const sdk::Finding& f) { return record_columns<sdk::Finding>("findings").row_of(f); }

sdk::Finding finding_from_row(const Row& row) { return record_columns<sdk::Finding>("findings").record_of(row); }

namespace {
/// A record the SDK keeps without its follow-up, as a row that names it.
template <class Record>
Row with_follow_up(const char* kind, std::string_view follow_up, const Record& record) {
    const auto& c = record_columns<Record>(kind);
    Row row = c.row_of(record);
    row[c.layout()("follow_up")] = follow_up;
    return row;
}
}  // namespace

Row to_row(std::string_view follow_up, const sdk::Decision& d) { return with_follow_up("decisions", follow_up, d); }

sdk::Decision decision_from_row(const Row& row) { return record_columns<sdk::Decision>("decisions").record_of(row); }

Row to_row(std::string_view follow_up, const sdk::Evidence& e) { return with_follow_up("evidence", follow_up, e); }

sdk::Evidence evidence_from_row(const Row& row) { return record_columns<sdk::Evidence>("evidence").record_of(row); }

Row to_row(std::string_view follow_up, const sdk::ProcessStep& s) { return with_follow_up("steps", follow_up, s); }

sdk::ProcessStep step_from_row(const Row& row) { return record_columns<sdk::ProcessStep>("steps").record_of(row); }

Row to_row(std::string_view follow_up, const sdk::Closure& closure) { return with_follow_up("closures", follow_up, closure); }

sdk::Closure closure_from_row(const Row& row) { return record_columns<sdk::Closure>("closures").record_of(row); }

Row to_row(const sdk::Signal& s) { return record_columns<sdk::Signal>("signals").row_of(s); }

sdk::Signal signal_from_row(const Row& row) { return record_columns<sdk::Signal>("signals").record_of(row); }

Row to_row(const sdk::IndicatorValue& v) { return record_columns<sdk::IndicatorValue>("indicators").row_of(v); }

sdk::IndicatorValue indicator_from_row(const Row& row) { return record_columns<sdk::IndicatorValue>("indicators").record_of(row); }

Row to_row(const PlanAdoption& p) {
    const auto& c = columns<PlanColumns>();
    Row row = c.of.empty_row();
    row[c.board] = p.board_id;
    row[c.year] = std::to_string(p.year);
    row[c.adopted] = text(p.adopted);
    row[c.reported] = text(p.reported);
    row[c.area] = p.area_id;
    return row;
}

PlanAdoption plan_adoption_from_row(const Row& row) {
    const auto& c = columns<PlanColumns>();
    return {row[c.board], std::stoi(row[c.year]), date_of(row[c.adopted]), optional_date_of(row[c.reported]), row[c.area]};
}

}  // namespace followup::core
