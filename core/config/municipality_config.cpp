// What the configuration answers once read: a board, an area or a key figure by id, the plugins'
// pinned digests, a board's setup for its plugin; and a diagnostic in words.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "config/municipality_config.hpp"

namespace followup::core {

std::string to_string(const Diagnostic& d) {
    std::string text = d.file;
    if (d.line > 0) text += fmt::format(":{}:{}", d.line, d.column);
    text += ": ";
    if (!d.key_path.empty()) text += d.key_path + ": ";
    text += d.message;
    if (!d.plugin.empty()) text += fmt::format(" (reported by plugin '{}')", d.plugin);
    return text;
}

const BoardSettings* MunicipalityConfig::board(std::string_view id) const {
    auto it = std::find_if(boards.begin(), boards.end(), [&](const auto& b) { return b.board.id == id; });
    return it == boards.end() ? nullptr : &*it;
}

const sdk::Area* MunicipalityConfig::area(std::string_view id) const {
    auto it = std::find_if(areas.begin(), areas.end(), [&](const auto& a) { return a.id == id; });
    return it == areas.end() ? nullptr : &*it;
}

const KeyFigure* MunicipalityConfig::key_figure(std::string_view id) const {
    auto it = std::find_if(key_figures.begin(), key_figures.end(), [&](const auto& k) { return k.id == id; });
    return it == key_figures.end() ? nullptr : &*it;
}

std::string_view to_string(KeyFigureUnit unit) noexcept {
    switch (unit) {
        case KeyFigureUnit::share: return "share";
        case KeyFigureUnit::count: return "count";
        case KeyFigureUnit::hours: return "hours";
    }
    return "?";
}

std::map<std::string, std::string> MunicipalityConfig::pinned_sha256() const {
    std::map<std::string, std::string> pins;
    for (const auto& b : boards)
        if (b.plugin_sha256) pins[b.plugin_id] = *b.plugin_sha256;
    return pins;
}

sdk::BoardSetup MunicipalityConfig::setup_of(const BoardSettings& settings) const {
    sdk::BoardSetup setup;
    setup.board = settings.board;
    setup.forms = settings.forms;
    setup.scale_id = settings.scale_id;
    for (const auto& a : areas)
        if (a.board_id == settings.board.id) setup.areas.push_back(a);
    auto ours = [&](const std::string& area_id) {
        return std::any_of(setup.areas.begin(), setup.areas.end(), [&](const auto& a) { return a.id == area_id; });
    };
    for (const auto& c : conditions)
        if (c.area_id.empty() || ours(c.area_id)) setup.conditions.push_back(c);
    for (const auto& r : schedule)
        if (ours(r.area_id)) setup.schedule.push_back(r);
    for (const auto& l : sanction_ladders)
        if (ours(l.area_id)) setup.sanction_ladders.push_back(l);
    return setup;
}

}  // namespace followup::core
