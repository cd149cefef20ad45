// What the officer's desk reads (officer_desk.hpp): configuration → register, read only.
#include "app/officer_desk.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "app/session.hpp"
#include "schedule/cases.hpp"
#include "store/rows.hpp"

namespace followup::core {

namespace {

/// The names an officer reads beside a follow-up's ids: from the configuration, and the unit's
/// and provider's from the register.
FollowUpLine line_of(const Session& s, sdk::FollowUpActivity activity) {
    FollowUpLine line;
    if (const sdk::Area* area = s.config.area(activity.area_id)) {
        line.area_name = area->name;
        line.board_id = area->board_id;
        if (const BoardSettings* board = s.config.board(area->board_id))
            for (const auto& f : board->forms)
                if (f.id == activity.form_id) line.form_name = f.name;
    }
    for (const Inspector& i : s.config.inspectors)
        if (i.id == activity.inspector) line.inspector_name = i.name;
    if (const auto row = s.store->find(*find_record_kind("providers"), activity.provider)) line.provider_name = provider_from_row(*row).name;
    if (!activity.unit_id.empty())
        if (const auto row = s.store->find(*find_record_kind("units"), activity.unit_id)) line.unit_name = unit_from_row(*row).name;
    line.activity = std::move(activity);
    return line;
}

UnitPlace place_of(const Session& s, const std::string& unit_id) {
    UnitPlace place;
    const auto row = s.store->find(*find_record_kind("units"), unit_id);
    if (!row) return place;
    const sdk::Unit unit = unit_from_row(*row);
    place.found = true;
    place.unit_id = unit.id;
    place.unit_name = unit.name;
    place.provider = unit.provider;
    place.area_id = unit.area_id;
    if (const auto p = s.store->find(*find_record_kind("providers"), unit.provider)) place.provider_name = provider_from_row(*p).name;
    if (const sdk::Area* area = s.config.area(unit.area_id)) {
        place.area_name = area->name;
        place.board_id = area->board_id;
        if (const BoardSettings* board = s.config.board(area->board_id)) place.board_name = board->board.name;
    }
    return place;
}

bool meets(const sdk::Period& window, sdk::Date from, sdk::Date to) { return !(window.last < from || to < window.first); }

}  // namespace

DeskSettings desk_settings(const RegisterOptions& options) {
    DeskSettings result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    result.english = session->config.municipality.language == Language::en;
    result.municipality = session->config.municipality.name;
    result.secure_cookies = session->config.desk_secure_cookies;
    for (const sdk::Area& a : session->config.areas) result.area_boards[a.id] = a.board_id;
    return result;
}

UnitPlace unit_place(const RegisterOptions& options, const std::string& unit_id) {
    UnitPlace result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    return place_of(*session, unit_id);
}

PlannedFollowUps planned_follow_ups(const RegisterOptions& options, sdk::Date from, sdk::Date to, const std::vector<std::string>& boards) {
    PlannedFollowUps result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    const Session& s = *session;
    const RecordKind& follow_ups = *find_record_kind("follow_ups");
    for (const Row& row : s.store->rows_where(follow_ups, "status", "planned")) {
        sdk::FollowUpActivity activity = follow_up_from_row(row);
        if (!meets(activity.planned, from, to)) continue;
        const sdk::Area* area = s.config.area(activity.area_id);
        if (area == nullptr || std::find(boards.begin(), boards.end(), area->board_id) == boards.end()) continue;
        result.follow_ups.push_back(line_of(s, std::move(activity)));
    }
    std::sort(result.follow_ups.begin(), result.follow_ups.end(), [](const FollowUpLine& a, const FollowUpLine& b) {
        return std::tie(a.activity.planned.first, a.activity.id) < std::tie(b.activity.planned.first, b.activity.id);
    });
    return result;
}

UnitHistory unit_history(const RegisterOptions& options, const std::string& unit_id, sdk::Date since) {
    UnitHistory result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    const Session& s = *session;
    result.place = place_of(s, unit_id);
    if (!result.place.found) return result;
    // The unit's own, and its provider's as a whole in the unit's area (which covers the unit).
    for (sdk::FollowUpActivity& a : s.store->follow_ups(result.place.provider, result.place.area_id)) {
        if (!a.unit_id.empty() && a.unit_id != unit_id) continue;
        const sdk::Date day = a.done.value_or(a.planned.first);
        if (day < since && a.planned.last < since) continue;
        result.follow_ups.push_back(line_of(s, std::move(a)));
    }
    std::sort(result.follow_ups.begin(), result.follow_ups.end(), [](const FollowUpLine& a, const FollowUpLine& b) {
        return a.activity.done.value_or(a.activity.planned.first) > b.activity.done.value_or(b.activity.planned.first);
    });
    for (DeficiencyCase& c : deficiency_cases(s.config, *s.store)) {
        if (c.state == DeficiencyCase::State::closed || c.provider != result.place.provider || c.area_id != result.place.area_id) continue;
        if (!c.unit_id.empty() && c.unit_id != unit_id) continue;
        result.open_cases.push_back(std::move(c));
    }
    return result;
}

VisitForm visit_form(const RegisterOptions& options, const std::string& follow_up_id) {
    VisitForm result;
    // Tolerant: the scales a board's plugin ships are registered when it loads.
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    const Session& s = *session;
    const auto row = s.store->find(*find_record_kind("follow_ups"), follow_up_id);
    if (!row) return result;
    result.found = true;
    result.follow_up = line_of(s, follow_up_from_row(*row));
    const sdk::FollowUpActivity& a = result.follow_up.activity;
    // The conditions a supervision checks, the area's own and the general ones (the timing
    // table's "supervision"), in the configuration's order: what a visit grades.
    for (const sdk::AuthorizationCondition& c : s.config.conditions)
        if ((c.area_id.empty() || c.area_id == a.area_id) &&
            std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_supervision) != c.checked.end())
            result.conditions.push_back({c.id, c.text.ends_with('.') ? c.text.substr(0, c.text.size() - 1) : c.text});
    const BoardSettings* board = s.config.board(result.follow_up.board_id);
    if (board == nullptr) {
        result.problems.push_back(fmt::format("follow-up {} is of area '{}', which no board of the configuration has", a.id, a.area_id));
        return result;
    }
    result.scale_id = board->scale_id;
    const sdk::GradingScale* scale = board->scale_id.empty() ? nullptr : s.config.scales.find(board->scale_id);
    if (scale == nullptr) {
        result.problems.push_back(fmt::format("board '{}' names no grading scale the configuration or its plugin has ('{}'): add "
                                              "scale = \"...\" to its board file",
                                              board->board.id, board->scale_id));
        return result;
    }
    result.levels = scale->levels();
    return result;
}

}  // namespace followup::core
