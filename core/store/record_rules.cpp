#include "store/record_rules.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "followup/sdk/config_reader.hpp"
#include "store/rows.hpp"
#include "util/utf8.hpp"

namespace followup::core {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return "";
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// The canonical text of one value, or an error message (what was found, what was expected).
struct Checked {
    std::string value;
    std::string error;
};

/// A control character other than tab and line breaks (a NUL, an escape, a backspace): a value
/// no municipality means to store, and one that would reach a terminal or a report raw. Shown
/// escaped, never echoed.
std::string control_character_in(const std::string& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return fmt::format("found the control character U+{:04X} at byte {}; expected printable text", c, i + 1);
    }
    return "";
}

/// An id's limits: short enough, and of characters plain enough, that every output can use it as a
/// file or folder name (the residents' site has a folder per unit, `enhet/<id>/`), in a URL and in
/// a CSV cell as it is. 128 leaves room for the ids followup makes from others (a planned
/// follow-up's: year, form, area, provider, unit and ordinal).
constexpr std::size_t longest_id = 128;
constexpr std::string_view id_expected =
    "expected an id of at most 128 characters of A-Z, a-z, 0-9, '.', '_' and '-', not starting with '.' or '-' (an id "
    "names a file or folder in the outputs)";

/// Whether the column holds an id: a kind's own `id`, or a reference to one (a follow-up's, a
/// unit's). An organisation number has its own fixed form.
bool holds_an_id(const ColumnSpec& column) {
    return column.type != ColumnType::org_number && (column.name == "id" || !column.references.empty());
}

/// What is wrong with `v` as an id; empty when nothing. Names the character found, by its code
/// point (an invisible one is not shown raw), and where.
std::string id_problem(std::string_view v) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < v.size(); ++characters) {
        const auto [cp, length] = utf8_code_point(v, i);
        i += length;
        const bool plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_' ||
                           ((cp == '.' || cp == '-') && characters > 0);
        if (plain) continue;
        const std::string what = is_bidi_control(cp) ? "the invisible direction control"
                                 : is_zero_width(cp)  ? "the invisible zero-width character"
                                 : cp < 0x80          ? fmt::format("'{}'", static_cast<char>(cp))
                                                      : "the character";
        return fmt::format("found {} U+{:04X} at character {} of {}; {}", what, static_cast<std::uint32_t>(cp), characters + 1,
                           is_bidi_control(cp) || is_zero_width(cp) ? "the id" : shown(std::string(v)), id_expected);
    }
    if (characters > longest_id)
        return fmt::format("found {} characters ({}); {}", characters, shown(std::string(v)), id_expected);
    return "";
}

/// The years a follow-up register can be about: a date outside is a typo (20255-01-01 is caught
/// as no date at all; 2205-01-01 is a date, but not one anybody means).
constexpr int first_plausible_year = 1990, last_plausible_year = 2100;

/// Takes the field by value: most are moved in from the parsed file and moved on into the row.
Checked check_value(const ColumnSpec& column, std::string v) {
    if (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t')) v = trim(v);
    if (column.type == ColumnType::text || column.type == ColumnType::note)
        if (std::string control = control_character_in(v); !control.empty()) return {"", std::move(control)};
    if (!v.empty() && holds_an_id(column))
        if (std::string problem = id_problem(v); !problem.empty()) return {"", std::move(problem)};
    switch (column.type) {
        case ColumnType::text:
            if (v.empty()) return {"", "found an empty value; expected " + (column.doc.empty() ? "a value" : column.doc)};
            return {std::move(v), ""};
        case ColumnType::note: return {std::move(v), ""};
        case ColumnType::date:
        case ColumnType::date_or_empty:
            if (v.empty() && column.type == ColumnType::date_or_empty) return {"", ""};
            if (auto d = sdk::parse_date(v)) {
                const int y = static_cast<int>(d->year());
                if (y < first_plausible_year || y > last_plausible_year)
                    return {"", fmt::format("found {}; expected a date from {} to {}", shown(v), first_plausible_year,
                                            last_plausible_year)};
                return {std::move(v), ""};  // parse_date takes YYYY-MM-DD only: v is the date as the register writes it
            }
            return {"", fmt::format("found {}; expected a date YYYY-MM-DD", shown(v))};
        case ColumnType::integer:
        case ColumnType::integer_or_empty: {
            if (v.empty() && column.type == ColumnType::integer_or_empty) return {"", ""};
            long long n = 0;
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc{} || ptr != v.data() + v.size() || v.empty())
                return {"", fmt::format("found {}; expected a whole number", shown(v))};
            // Every whole number in the register counts something or is a year.
            if (n < 0) return {"", fmt::format("found {}; expected 0 or more (it counts something)", shown(v))};
            if (column.name == "year" && (n < first_plausible_year || n > last_plausible_year))
                return {"", fmt::format("found {}; expected a year from {} to {}", shown(v), first_plausible_year, last_plausible_year)};
            return {std::to_string(n), ""};
        }
        case ColumnType::number: {
            std::string t = v;
            std::replace(t.begin(), t.end(), ',', '.');  // Swedish decimal comma
            double d = 0;
            auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
            if (t.empty() || ec != std::errc{} || ptr != t.data() + t.size() || !std::isfinite(d))
                return {"", fmt::format("found {}; expected a number such as 12.5 or 12,5", shown(v))};
            return {fmt::format("{}", d), ""};
        }
        case ColumnType::boolean: {
            const std::string l = lower(v);
            if (l == "ja" || l == "yes" || l == "true" || l == "1") return {"ja", ""};
            if (l == "nej" || l == "no" || l == "false" || l == "0") return {"nej", ""};
            return {"", fmt::format("found {}; expected ja or nej", shown(v))};
        }
        case ColumnType::org_number:
            if (auto org = canonical_org_number(v)) return {*org, ""};
            return {"", fmt::format("found {}; expected a Swedish organisation number NNNNNN-NNNN with a valid check digit",
                                    shown(v))};
        case ColumnType::choice:
            if (std::find(column.choices.begin(), column.choices.end(), v) != column.choices.end()) return {std::move(v), ""};
            return {"", sdk::not_one_of(escaped(v), column.choices)};
    }
    return {v, ""};
}

/// Checks against the municipality's configuration; empty when fine.
std::string check_config(const ColumnSpec& column, const std::string& value, const RecordKind& kind, const Row& row,
                         const MunicipalityConfig& config) {
    auto unknown = [&](const char* what, const std::vector<std::string>& known) {
        return fmt::format("names {} {}, which the configuration does not have; {}", what, shown(value),
                           sdk::not_one_of(value, known).substr(sdk::not_one_of(value, known).find("expected")));
    };
    if (value.empty() && column.type == ColumnType::note) return "";  // an optional reference left out
    switch (column.config) {
        case ConfigReference::none: return "";
        case ConfigReference::area: {
            if (config.area(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& a : config.areas) ids.push_back(a.id);
            return unknown("area", ids);
        }
        case ConfigReference::board: {
            if (config.board(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& b : config.boards) ids.push_back(b.board.id);
            return unknown("board", ids);
        }
        case ConfigReference::form: {
            const std::size_t area_column = kind.column_index("area");
            const sdk::Area* area = area_column < row.size() ? config.area(row[area_column]) : nullptr;
            const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
            if (board == nullptr) return "";  // the area is reported already
            std::vector<std::string> ids;
            for (const auto& f : board->forms) ids.push_back(f.id);
            if (std::find(ids.begin(), ids.end(), value) != ids.end()) return "";
            return unknown(("form of board " + board->board.id + ":").c_str(), ids);
        }
        case ConfigReference::scale:
            if (config.scales.find(value) != nullptr) return "";
            return unknown("scale", config.scales.ids());
        case ConfigReference::level: {
            const sdk::GradingScale* scale = config.scales.find(row[kind.column_index("scale")]);
            if (scale == nullptr || scale->level(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& l : scale->levels()) ids.push_back(l.id);
            return unknown(("grade on scale " + scale->id() + ":").c_str(), ids);
        }
    }
    return "";
}

/// A record whose values are each well-formed but cannot all be true together: a window that ends
/// before it starts, a planned follow-up already done, a decision's deadline before the decision.
/// Each problem: the column, and what was found against what was expected.
class ImpossibleRecords {
public:
    ImpossibleRecords(const Register& store, const MunicipalityConfig* config, sdk::Date today)
        : store_(store), config_(config), today_(sdk::format_date(today)) {}

    std::vector<std::pair<std::string, std::string>> problems(const RecordKind& kind, const Row& row) {
        std::vector<std::pair<std::string, std::string>> found;
        auto cell = [&](const char* column) -> const std::string& { return row[kind.column_index(column)]; };
        // ISO dates compare as text.
        auto not_before = [&](const char* later, const char* earlier, const char* what) {
            if (!cell(later).empty() && !cell(earlier).empty() && cell(later) < cell(earlier))
                found.push_back({later, fmt::format("found {}, before {} {}; expected {}", cell(later), earlier, cell(earlier), what)});
        };
        // A day that has not come: what was done, decided or received cannot be dated there
        // (an authorization may end, and a document may be valid, on a later day).
        auto not_after_today = [&](const char* column, const char* what) {
            if (!cell(column).empty() && cell(column) > today_)
                found.push_back({column, fmt::format("found {}, after today ({}); expected {}", cell(column), today_, what)});
        };
        if (kind.name == "follow_ups") {
            not_before("planned_to", "planned_from", "a planned window that ends on or after the day it starts");
            const std::string& status = cell("status");
            const std::string& done = cell("done");
            if (status == "planned" && !done.empty())
                found.push_back({"done", fmt::format("found {} on a follow-up whose status is planned; expected no date until it "
                                                     "is done (or status done)",
                                                     done)});
            if (status == "done" && done.empty())
                found.push_back({"done", "found no date on a follow-up whose status is done; expected the day it was done"});
            if (!done.empty() && done > today_)
                found.push_back({"done", fmt::format("found {}, after today ({}); expected a day that has come", done, today_)});
            const std::string& inspector = cell("inspector");
            if (config_ != nullptr && !inspector.empty() &&
                std::none_of(config_->inspectors.begin(), config_->inspectors.end(),
                             [&](const Inspector& i) { return i.id == inspector; })) {
                std::vector<std::string> ids;
                for (const auto& i : config_->inspectors) ids.push_back(i.id);
                found.push_back({"inspector", fmt::format("names inspector {}, which the configuration does not have; {}",
                                                          shown(inspector), sdk::not_one_of(inspector, ids).substr(
                                                                                sdk::not_one_of(inspector, ids).find("expected")))});
            }
            if (const std::string& unit = cell("unit"); !unit.empty())
                if (const std::string* owner = provider_of_unit(unit); owner != nullptr && *owner != cell("provider"))
                    found.push_back({"unit", fmt::format("unit {} belongs to provider {}, not {}; expected a unit of the "
                                                         "provider followed up",
                                                         unit, *owner, cell("provider"))});
        } else if (kind.name == "authorizations") {
            not_before("ended", "granted", "an authorization that ends on or after the day it was granted");
        } else if (kind.name == "decisions") {
            not_before("deadline", "decided", "a deadline for remedy on or after the day of the decision");
            not_after_today("decided", "a board decides on a day that has come");
        } else if (kind.name == "closures") {
            not_after_today("closed", "a case is closed on a day that has come");
        } else if (kind.name == "steps") {
            not_after_today("done", "a step done on a day that has come");
        } else if (kind.name == "plans") {
            not_before("reported", "adopted", "a plan reported on or after the day it was adopted");
            not_after_today("adopted", "a plan adopted on a day that has come");
            not_after_today("reported", "a plan reported on a day that has come");
        } else if (kind.name == "condition_checks") {
            not_after_today("checked", "a condition checked on a day that has come");
        } else if (kind.name == "signals") {
            not_after_today("received", "a signal received on a day that has come");
            // A signal about a unit is about one of the provider's units (as a follow-up's unit
            // is): the case it may open and the review it triggers are the provider's.
            if (const std::string& unit = cell("unit"); !unit.empty())
                if (const std::string* owner = provider_of_unit(unit); owner != nullptr && *owner != cell("provider"))
                    found.push_back({"unit", fmt::format("unit {} belongs to provider {}, not {}; expected a unit of the "
                                                         "provider the signal is about",
                                                         unit, *owner, cell("provider"))});
        } else if (kind.name == "indicators") {
            not_before("period_to", "period_from", "a period that ends on or after the day it starts");
        } else if (kind.name == "assessments") {
            not_before("recheck_to", "recheck_from", "a re-check window that ends on or after the day it opens");
        } else if (kind.name == "programmes") {
            programme_problems(row, kind, found);
        } else if (kind.name == "support_measures") {
            not_after_today("offered", "a measure offered on a day that has come");
            // The follow-up it follows from is one of this provider's in this area: a measure
            // answers what that follow-up found.
            if (const std::string& id = cell("follow_up"); !id.empty()) {
                const RecordKind& follow_ups = *find_record_kind("follow_ups");
                if (auto f = store_.find(follow_ups, id)) {
                    const std::string& provider = value_of(follow_ups, *f, "provider");
                    const std::string& area = value_of(follow_ups, *f, "area");
                    if (provider != cell("provider") || area != cell("area"))
                        found.push_back({"follow_up", fmt::format("follow-up {} is of provider {} in area {}, not of {} in {}; "
                                                                  "expected a follow-up of the provider and area the measure "
                                                                  "was offered to",
                                                                  shown(id), provider, area, cell("provider"), cell("area"))});
                }
            }
        } else if (kind.name == "board_steps") {
            board_step_problems(row, kind, found);
        } else if (kind.name == "needs_reports") {
            not_after_today("received", "a report received on a day that has come");
            not_after_today("reassessed", "a needs assessment made on a day that has come");
            not_before("reassessed", "received", "the new needs assessment on or after the day the report was received");
            if (const std::string& unit = cell("unit"); !unit.empty())
                if (const std::string* owner = provider_of_unit(unit); owner != nullptr && *owner != cell("provider"))
                    found.push_back({"unit", fmt::format("unit {} belongs to provider {}, not {}; expected a unit of the "
                                                         "provider whose staff reported",
                                                         unit, *owner, cell("provider"))});
        }
        return found;
    }

private:
    using Problems = std::vector<std::pair<std::string, std::string>>;

    /// A programme is adopted for a term of office (kommunallagen (2017:725) 10 kap. 7 §), which
    /// is four years: its first and last year a term's, and adopted on a day that has come, by
    /// the term's last year.
    void programme_problems(const Row& row, const RecordKind& kind, Problems& found) const {
        const std::string& adopted = row[kind.column_index("adopted")];
        const long long from = std::stoll(row[kind.column_index("term_from")]), to = std::stoll(row[kind.column_index("term_to")]);
        for (const auto& [column, year] : {std::pair{"term_from", from}, std::pair{"term_to", to}})
            if (year < first_plausible_year || year > last_plausible_year)
                found.push_back({column, fmt::format("found {}; expected a year from {} to {}", year, first_plausible_year,
                                                     last_plausible_year)});
        if (!found.empty()) return;
        if (to < from)
            found.push_back({"term_to", fmt::format("found {}, before term_from {}; expected the term's last year on or after "
                                                    "its first",
                                                    to, from)});
        else if (to - from > 3)
            found.push_back({"term_to", fmt::format("found {}: a term of {} years from term_from {}; expected at most one term of "
                                                    "office (four years: the council adopts a programme for each term)",
                                                    to, to - from + 1, from)});
        if (adopted > today_)
            found.push_back({"adopted", fmt::format("found {}, after today ({}); expected a programme adopted on a day that has "
                                                    "come",
                                                    adopted, today_)});
        else if (std::stoll(adopted.substr(0, 4)) > to)
            found.push_back({"adopted", fmt::format("found {}, after the term it is for ({}–{}); expected a day by the term's "
                                                    "last year",
                                                    adopted, from, to)});
    }

    /// A board's own step: one its configuration says it records, done on a day that has come,
    /// in the year whose process it belongs to, or the year before (the theme is planned ahead)
    /// or after (the analysis of a year's results).
    void board_step_problems(const Row& row, const RecordKind& kind, Problems& found) const {
        const std::string& board_id = row[kind.column_index("board")];
        const long long year = std::stoll(row[kind.column_index("year")]), step = std::stoll(row[kind.column_index("step")]);
        const std::string& done = row[kind.column_index("done")];
        if (config_ != nullptr)
            if (const BoardSettings* board = config_->board(board_id)) {
                const auto& steps = board->recorded_steps;
                if (std::find(steps.begin(), steps.end(), step) == steps.end()) {
                    std::string listed;
                    for (int n : steps) listed += (listed.empty() ? "" : ", ") + std::to_string(n);
                    found.push_back({"step", steps.empty() ? fmt::format("found step {}; board {} records no steps of its own; "
                                                                         "expected a board whose [board] recorded_steps lists it",
                                                                         step, board_id)
                                                           : fmt::format("found step {}; expected one of the steps board {} "
                                                                         "records itself ([board] recorded_steps): {}",
                                                                         step, board_id, listed)});
                }
            }
        if (done > today_)
            found.push_back({"done", fmt::format("found {}, after today ({}); expected a step done on a day that has come", done, today_)});
        else if (const long long y = std::stoll(done.substr(0, 4)); y < year - 1 || y > year + 1)
            found.push_back({"done", fmt::format("found {}, for the process of {}; expected a day from {}-01-01 to {}-12-31 (the "
                                                 "year, the year before or the year after)",
                                                 done, year, year - 1, year + 1)});
    }

    /// The provider a unit in the register belongs to; null when the unit is not there (that is
    /// reported as a missing reference). Remembered: a file names the same units again and again.
    const std::string* provider_of_unit(const std::string& unit) {
        auto it = unit_owner_.find(unit);
        if (it == unit_owner_.end()) {
            const RecordKind& units = *find_record_kind("units");
            std::optional<std::string> owner;
            if (auto r = store_.find(units, unit)) owner = (*r)[units.column_index("provider")];
            it = unit_owner_.emplace(unit, std::move(owner)).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    const Register& store_;
    const MunicipalityConfig* config_;
    std::string today_;
    std::unordered_map<std::string, std::optional<std::string>> unit_owner_;
};

}  // namespace

/// A value as a message shows it: control characters escaped (\x1b), never sent raw to the
/// terminal that reads the message.
std::string escaped(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
        else out += c;
    }
    return out;
}

std::string shown(const std::string& value) {
    if (value.size() > 60) return "\"" + escaped(value.substr(0, 57)) + "...\"";
    return "\"" + escaped(value) + "\"";
}


std::optional<Row> authorization_revoked_by(const Register& store, const Row& decision) {
    const RecordKind& decisions = *find_record_kind("decisions");
    const RecordKind& follow_ups = *find_record_kind("follow_ups");
    const auto day = sdk::parse_date(decision[decisions.column_index("decided")]);
    if (decision[decisions.column_index("kind")] != "revocation" || !day) return std::nullopt;
    const auto follow_up = store.find(follow_ups, decision[decisions.column_index("follow_up")]);
    if (!follow_up) return std::nullopt;
    auto all = store.authorizations((*follow_up)[follow_ups.column_index("provider")], (*follow_up)[follow_ups.column_index("area")]);
    if (std::any_of(all.begin(), all.end(), [&](const sdk::Authorization& a) {
            return a.status == sdk::AuthorizationStatus::revoked && a.ended && *a.ended == *day;
        }))
        return std::nullopt;  // this decision revoked it already
    for (sdk::Authorization& a : all)
        if (sdk::in_force(a, *day < a.granted ? a.granted : *day)) {
            a.status = sdk::AuthorizationStatus::revoked;
            a.ended = *day;
            return to_row(a);
        }
    return std::nullopt;
}

std::string column_name(std::string_view header_field) { return lower(trim(header_field)); }

std::string record_word(const std::string& kind_name) {
    if (kind_name == "follow_ups") return "follow-up";
    if (kind_name == "evidence" || kind_name == "steps") return kind_name == "steps" ? "step" : "evidence";
    return kind_name.substr(0, kind_name.size() - 1);  // providers → provider, units → unit
}

std::string check_column_value(const RecordKind& kind, std::string_view column, std::string& value) {
    const std::size_t c = kind.column_index(column);
    if (c == kind.columns.size()) throw std::logic_error(fmt::format("{} has no column {}", kind.name, column));
    Checked checked = check_value(kind.columns[c], std::move(value));
    value = std::move(checked.value);
    return checked.error;
}

struct RecordRules::State {
    State(const Register& s, const MunicipalityConfig* c, sdk::Date today) : store(s), config(c), impossible(s, c, today) {
        if (config != nullptr) consistency.emplace(*config, store);
    }
    const Register& store;
    const MunicipalityConfig* config;
    std::optional<ConsistencyCheck> consistency;
    ImpossibleRecords impossible;
    /// The last key each referencing column named and whether it exists: a file names the same
    /// follow-up or provider on consecutive rows (five findings a follow-up). Otherwise the
    /// register is asked (a point query on its key): a map of every key asked before cost a
    /// quarter of checking a national file of findings, nearly all of it keys asked once.
    std::unordered_map<const RecordKind*, std::vector<std::optional<std::pair<std::string, bool>>>> last_reference;
    /// Keys written in the same transaction (kind name, key): `written_with`.
    std::unordered_set<std::string> pending;

    bool exists(const std::string& kind_name, const std::string& key) {
        if (!pending.empty() && pending.count(kind_name + '\n' + key) > 0) return true;
        return store.contains(*find_record_kind(kind_name), key);
    }
};

RecordRules::RecordRules(const Register& store, const MunicipalityConfig* config, sdk::Date today)
    : state_(std::make_unique<State>(store, config, today)) {}

RecordRules::~RecordRules() = default;

std::vector<ConsistencyProblem> RecordRules::check(const RecordKind& kind, Row& row) {
    std::vector<ConsistencyProblem> found;
    State& s = *state_;
    // 1. Each value against its column.
    for (std::size_t c = 0; c < kind.columns.size(); ++c) {
        Checked checked = check_value(kind.columns[c], std::move(row[c]));
        if (!checked.error.empty()) found.push_back({kind.columns[c].name, std::move(checked.error)});
        row[c] = std::move(checked.value);
    }
    if (!found.empty()) return found;
    // 2. References to other records and to the configuration.
    auto& last_reference = s.last_reference[&kind];
    if (last_reference.size() != kind.columns.size()) last_reference.assign(kind.columns.size(), std::nullopt);
    for (std::size_t c = 0; c < kind.columns.size(); ++c) {
        const ColumnSpec& column = kind.columns[c];
        if (!column.references.empty() && !row[c].empty() && ![&] {
                auto& last = last_reference[c];
                if (!last || last->first != row[c]) last.emplace(row[c], s.exists(column.references, row[c]));
                return last->second;
            }())
            found.push_back({column.name, fmt::format("names {} {}, which is not in the register; expected one imported first "
                                                      "(followup import {})",
                                                      record_word(column.references), shown(row[c]), column.references)});
        if (s.config != nullptr)
            if (std::string problem = check_config(column, row[c], kind, row, *s.config); !problem.empty())
                found.push_back({column.name, std::move(problem)});
    }
    // 3. The rules across records; 4. records that cannot be true.
    if (s.consistency)
        for (auto& p : s.consistency->problems(kind, row)) found.push_back(std::move(p));
    for (auto& p : s.impossible.problems(kind, row)) found.push_back(std::move(p));
    return found;
}

void RecordRules::written_with(const RecordKind& kind, const Row& row) {
    State& s = *state_;
    std::string key;
    for (std::size_t k : kind.key_indexes()) key += (key.empty() ? "" : "\t") + row[k];
    s.pending.insert(kind.name + '\n' + key);
    // The cached answer for this key, if one was asked before it was written, is now wrong.
    s.last_reference.clear();
    if (s.consistency && kind.name == "follow_ups") s.consistency->written_with(row);
}

}  // namespace followup::core
