#include "store/consistency.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "followup/sdk/config_reader.hpp"

namespace followup::core {

namespace {

/// A reference, not a copy: the checks run once per imported row.
const std::string& cell(const RecordKind& kind, const Row& row, std::string_view column) {
    static const std::string none;
    const std::size_t i = kind.column_index(column);
    return i < row.size() ? row[i] : none;
}

bool is_sanction(const std::string& kind) {
    return kind == "remark" || kind == "injunction" || kind == "injunction_with_fine" || kind == "revocation";
}

std::string ownership_text(const std::string& ownership) {
    return ownership == "municipal" ? "municipal" : ownership == "non_profit" ? "non-profit" : "private";
}

}  // namespace

const ConsistencyCheck::ProviderFacts& ConsistencyCheck::provider(const std::string& org_number) {
    auto [it, fresh] = providers_.try_emplace(org_number);
    if (fresh) {
        const RecordKind& providers = *find_record_kind("providers");
        if (auto row = store_.find(providers, org_number)) {
            it->second.known = true;
            it->second.ownership = cell(providers, *row, "ownership");
        }
        const RecordKind& units = *find_record_kind("units");
        for (const Row& u : store_.rows_where(units, "provider", org_number)) {
            it->second.units.push_back(cell(units, u, "id"));
            if (const std::string& area = cell(units, u, "area"); !area.empty()) it->second.unit_area[cell(units, u, "id")] = area;
        }
    }
    return it->second;
}

const std::optional<Row>& ConsistencyCheck::follow_up(const std::string& id) {
    if (id != last_follow_up_id_ || !last_follow_up_) {
        last_follow_up_id_ = id;
        last_follow_up_ = store_.find(*find_record_kind("follow_ups"), id);
    }
    return last_follow_up_;
}

std::vector<ConsistencyProblem> ConsistencyCheck::key_figure_problems(const RecordKind& kind, const Row& row) const {
    std::vector<ConsistencyProblem> found;
    const std::string& id = cell(kind, row, "key_figure");
    const KeyFigure* figure = config_.key_figure(id);
    if (figure == nullptr) {
        // Its unit is what its values are checked against: a key figure not declared has none.
        std::vector<std::string> ids;
        for (const auto& k : config_.key_figures) ids.push_back(k.id);
        found.push_back({"key_figure", ids.empty() ? fmt::format("found \"{}\"; expected a key figure declared in [[key_figures]] "
                                                                 "with its unit (the configuration declares none)",
                                                                 id)
                                                   : sdk::not_one_of(id, ids) + "; each declared in [[key_figures]] with its unit"});
        return found;
    }
    // The importer has read the value as a number and written it back in C's notation.
    const std::string& text = cell(kind, row, "value");
    double value = 0;
    if (auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value); ec != std::errc{} || end != text.data() + text.size())
        return found;  // not a number: reported by the column check
    const bool share = figure->unit == KeyFigureUnit::share;
    if (value < 0 || (share && value > 100))
        found.push_back({"value", fmt::format("found {}; expected {} ({} is declared with unit = \"{}\")", text,
                                              share ? "a share from 0 to 100"
                                              : figure->unit == KeyFigureUnit::count ? "a count of 0 or more"
                                                                                     : "hours, 0 or more",
                                              id, to_string(figure->unit))});
    return found;
}

void ConsistencyCheck::written_with(const Row& follow_up) {
    last_follow_up_id_ = follow_up[find_record_kind("follow_ups")->column_index("id")];
    last_follow_up_ = follow_up;
}

const BoardSettings* ConsistencyCheck::board_of_area(const std::string& area_id) const {
    const sdk::Area* area = config_.area(area_id);
    return area != nullptr ? config_.board(area->board_id) : nullptr;
}

std::vector<ConsistencyProblem> ConsistencyCheck::problems(const RecordKind& kind, const Row& row) {
    std::vector<ConsistencyProblem> found;
    if (kind.name == "follow_ups") {
        const std::string form = cell(kind, row, "form");
        const BoardSettings* board = board_of_area(cell(kind, row, "area"));
        const ProviderFacts& p = provider(cell(kind, row, "provider"));
        if (board == nullptr || !p.known) return found;  // reported by the column checks
        if (auto allowed = board->form_ownership.find(form); allowed != board->form_ownership.end() &&
                                                             std::find(allowed->second.begin(), allowed->second.end(),
                                                                       p.ownership) == allowed->second.end()) {
            std::vector<std::string> other;
            for (const auto& f : board->forms)  // in the configuration's order
                if (auto o = board->form_ownership.find(f.id);
                    o != board->form_ownership.end() && std::find(o->second.begin(), o->second.end(), p.ownership) != o->second.end())
                    other.push_back(f.id);
            found.push_back({"form", fmt::format("{} is for {} providers and {} is {}; expected {}", form,
                                                 fmt::join(allowed->second, " or "), cell(kind, row, "provider"),
                                                 ownership_text(p.ownership),
                                                 other.empty() ? std::string("a form for its ownership")
                                                               : fmt::format("{}", fmt::join(other, " or ")))});
        }
        const std::string inspector_id = cell(kind, row, "inspector");
        if (!inspector_id.empty())
            for (const Inspector& i : config_.inspectors)
                if (i.id == inspector_id)
                    if (auto conflict = independence_conflict(config_, i, cell(kind, row, "provider"), cell(kind, row, "area"),
                                                              cell(kind, row, "unit")))
                        found.push_back({"inspector", *conflict});
        const auto level = board->form_level.find(form);
        const bool unit_level = level != board->form_level.end() && level->second == "unit";
        if (unit_level && cell(kind, row, "unit").empty() && !p.units.empty())
            found.push_back({"unit", fmt::format("{} follows up a unit, and provider {} has {} unit(s) ({}); expected the unit "
                                                 "followed up, not the provider as a whole",
                                                 form, cell(kind, row, "provider"), p.units.size(),
                                                 fmt::join(p.units.size() > 5 ? std::vector<std::string>(p.units.begin(), p.units.begin() + 5)
                                                                               : p.units, ", "))});
        // A unit of another provider is reported by the reference checks; one whose area is not
        // known passes (the register cannot tell it is elsewhere).
        if (const std::string& unit = cell(kind, row, "unit"); !unit.empty())
            if (auto area = p.unit_area.find(unit); area != p.unit_area.end() && area->second != cell(kind, row, "area"))
                found.push_back({"unit", fmt::format("unit {} is in area {}, not {}; expected a unit of the area followed up",
                                                     unit, area->second, cell(kind, row, "area"))});
    } else if (kind.name == "signals") {
        // A signal about a unit is about a unit of its area: the review it triggers follows up
        // that unit in that area (a follow-up's unit is held to its area the same way).
        const std::string& unit = cell(kind, row, "unit");
        const ProviderFacts& p = provider(cell(kind, row, "provider"));
        if (!unit.empty() && p.known)
            if (auto area = p.unit_area.find(unit); area != p.unit_area.end() && area->second != cell(kind, row, "area"))
                found.push_back({"unit", fmt::format("unit {} is in area {}, not {}; expected a unit of the signal's area", unit,
                                                     area->second, cell(kind, row, "area"))});
    } else if (kind.name == "indicators") {
        found = key_figure_problems(kind, row);
    } else if (kind.name == "findings") {
        // Conditions are graded on the board's condition scale; indicators are compared with
        // their targets by the model, never graded as findings on the target scale (or the reverse).
        const RecordKind& follow_ups = *find_record_kind("follow_ups");
        const auto& follow_up = this->follow_up(cell(kind, row, "follow_up"));
        if (!follow_up) return found;
        const BoardSettings* board = board_of_area(cell(follow_ups, *follow_up, "area"));
        if (board != nullptr && !board->scale_id.empty() && cell(kind, row, "scale") != board->scale_id)
            found.push_back({"scale", fmt::format("{} grades condition {} on scale {}; expected the board's scale {}",
                                                  cell(kind, row, "follow_up"), cell(kind, row, "condition"), cell(kind, row, "scale"),
                                                  board->scale_id)});
        // A finding is on one of the conditions the follow-up's area has (the general ones and
        // the area's own): a condition the board does not have would open a case no follow-up
        // of the board can close, and reach the residents' pages.
        const std::string& area = cell(follow_ups, *follow_up, "area");
        const std::string& condition = cell(kind, row, "condition");
        if (board != nullptr && std::none_of(config_.conditions.begin(), config_.conditions.end(), [&](const sdk::AuthorizationCondition& c) {
                return c.id == condition && (c.area_id.empty() || c.area_id == area);
            })) {
            std::vector<std::string> ids;
            for (const auto& c : config_.conditions)
                if (c.area_id.empty() || c.area_id == area) ids.push_back(c.id);
            found.push_back({"condition", fmt::format("names condition {}, which area {} does not have; {}", condition, area,
                                                      sdk::not_one_of(condition, ids).substr(sdk::not_one_of(condition, ids).find("expected")))});
        }
    } else if (kind.name == "plans") {
        // A plan for a kundval area is adopted by the board the area belongs to.
        const std::string& area_id = cell(kind, row, "area");
        const sdk::Area* area = area_id.empty() ? nullptr : config_.area(area_id);
        if (area != nullptr && area->board_id != cell(kind, row, "board"))
            found.push_back({"area", fmt::format("area {} is board {}'s, not {}'s; expected one of the board's own areas, or empty for "
                                                 "one plan for all of them",
                                                 area_id, area->board_id, cell(kind, row, "board"))});
    } else if (kind.name == "condition_checks") {
        // A check of a condition the area has, on the board's scale, on an occasion the
        // condition-timing table gives it (at authorization any of the area's conditions may be
        // checked; yearly and on a signal only those the table says); a signal's check names the
        // signal, about this provider in this area.
        const std::string& area = cell(kind, row, "area");
        const std::string& condition_id = cell(kind, row, "condition");
        const BoardSettings* board = board_of_area(area);
        if (board == nullptr) return found;  // the area is reported already
        const sdk::AuthorizationCondition* condition = nullptr;
        std::vector<std::string> ids;
        for (const auto& c : config_.conditions)
            if (c.area_id.empty() || c.area_id == area) {
                ids.push_back(c.id);
                if (c.id == condition_id) condition = &c;
            }
        if (condition == nullptr) {
            found.push_back({"condition", fmt::format("names condition {}, which area {} does not have; {}", condition_id, area,
                                                      sdk::not_one_of(condition_id, ids).substr(sdk::not_one_of(condition_id, ids).find("expected")))});
            return found;
        }
        if (!board->scale_id.empty() && cell(kind, row, "scale") != board->scale_id)
            found.push_back({"scale", fmt::format("grades condition {} on scale {}; expected the board's scale {}", condition_id,
                                                  cell(kind, row, "scale"), board->scale_id)});
        const std::string& occasion = cell(kind, row, "occasion");
        const sdk::CheckPoint point = occasion == "annually" ? sdk::CheckPoint::annually : sdk::CheckPoint::on_signal;
        if (occasion != "authorization" && std::find(condition->checked.begin(), condition->checked.end(), point) == condition->checked.end()) {
            std::vector<std::string> when;
            for (const auto p : condition->checked) when.emplace_back(sdk::to_string(p));
            found.push_back({"occasion", fmt::format("condition {} is not checked {} by the condition-timing table (checked = [{}]); "
                                                     "expected one of those occasions",
                                                     condition_id, occasion == "annually" ? "yearly" : "on a signal", fmt::join(when, ", "))});
        }
        const std::string& signal = cell(kind, row, "signal");
        if (occasion == "signal" && signal.empty())
            found.push_back({"signal", "found no signal on a check made on a signal; expected the signal's id"});
        if (occasion != "signal" && !signal.empty())
            found.push_back({"signal", fmt::format("found signal {} on a check made {}; expected none, or occasion signal", signal,
                                                   occasion == "annually" ? "yearly" : "at authorization")});
        if (!signal.empty()) {
            const RecordKind& signals = *find_record_kind("signals");
            if (const auto s = store_.find(signals, signal);
                s && (cell(signals, *s, "provider") != cell(kind, row, "provider") || cell(signals, *s, "area") != area))
                found.push_back({"signal", fmt::format("signal {} is about provider {} in {}, not {} in {}; expected a signal about "
                                                       "the provider and area checked",
                                                       signal, cell(signals, *s, "provider"), cell(signals, *s, "area"),
                                                       cell(kind, row, "provider"), area)});
        }
    } else if (kind.name == "decisions") {
        const std::string decision = cell(kind, row, "kind");
        if (!is_sanction(decision)) return found;
        const RecordKind& follow_ups = *find_record_kind("follow_ups");
        const auto& follow_up = this->follow_up(cell(kind, row, "follow_up"));
        if (!follow_up) return found;
        const std::string form = cell(follow_ups, *follow_up, "form");
        const BoardSettings* board = board_of_area(cell(follow_ups, *follow_up, "area"));
        if (board == nullptr) return found;
        for (const auto& f : board->forms)
            if (f.id == form && !f.may_sanction)
                found.push_back({"kind", fmt::format("{} on follow-up {}, a {}, which may not sanction (may_sanction = false); "
                                                     "expected pointed_out or no_action",
                                                     decision, cell(kind, row, "follow_up"), form)});
    } else if (kind.name == "closures") {
        const RecordKind& follow_ups = *find_record_kind("follow_ups");
        const auto& follow_up = this->follow_up(cell(kind, row, "follow_up"));
        if (!follow_up) return found;
        const std::string done = cell(follow_ups, *follow_up, "done");
        if (done.empty())
            found.push_back({"follow_up", fmt::format("follow-up {} is not done; a case is closed on a re-check that was made",
                                                      cell(kind, row, "follow_up"))});
        else if (cell(kind, row, "closed") < done)  // ISO dates compare as text
            found.push_back({"closed", fmt::format("{} is before the re-check {} it rests on; expected {} or later",
                                                   cell(kind, row, "closed"), done, done)});
    }
    return found;
}

}  // namespace followup::core
