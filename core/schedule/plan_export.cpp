#include "schedule/plan_export.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "io/csv.hpp"

namespace followup::core {

namespace {

std::string name_of(const std::map<std::string, std::string>& names, const std::string& id) {
    auto it = names.find(id);
    return it == names.end() || it->second.empty() ? id : it->second;
}

/// The unit's address; empty when not known (never its id in an address's place).
std::string address_of(const PlanNames& names, const std::string& unit_id) {
    auto it = names.unit_addresses.find(unit_id);
    return it == names.unit_addresses.end() ? std::string() : it->second;
}

/// RFC 5545 3.3.11: backslash, semicolon and comma escaped; line breaks as \n.
std::string ics_text(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == ';' || c == ',') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else if (c != '\r') out += c;
    }
    return out;
}

/// RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and a space, never splitting a
/// UTF-8 sequence.
std::string ics_line(const std::string& line) {
    std::string out;
    std::size_t width = 0;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t length = 1;
        const auto c = static_cast<unsigned char>(line[i]);
        if (c >= 0xF0) length = 4;
        else if (c >= 0xE0) length = 3;
        else if (c >= 0xC0) length = 2;
        if (width + length > 75) {
            out += "\r\n ";
            width = 1;
        }
        out.append(line, i, length);
        width += length;
        i += length;
    }
    return out + "\r\n";
}

/// The longest prefix of `text` of at most `width` characters, never splitting a UTF-8 sequence.
std::string utf8_prefix(const std::string& text, std::size_t width) {
    std::size_t characters = 0, i = 0;
    for (; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // a continuation byte
        if (characters++ == width) break;
    }
    return text.substr(0, i);
}

std::string ics_date(const sdk::Date& d) {
    std::string s = sdk::format_date(d);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace

std::string plan_table(const DatedPlan& plan, const PlanNames& names) {
    // The names in full, last on the line (a name cut to a column's width was a name the
    // inspector had to look up), with the unit's id: what `followup record --unit` takes.
    std::string out = fmt::format("{:<10}  {:<23}  {:<10}  {:<10}  {:<22}  {:<20}  {:<14}  {}\n", "DATE", "WINDOW", "DUE",
                                  "BOARD", "AREA", "FORM", "INSPECTOR", "PROVIDER / UNIT (ID) — WHY");
    for (const auto& item : plan.items) {
        const auto& p = item.planned;
        std::string who = p.provider.empty() ? "(the board)" : name_of(names.providers, p.provider);
        if (!p.unit_id.empty()) who += " / " + name_of(names.units, p.unit_id) + " (" + p.unit_id + ")";
        const std::string inspector = !item.visit ? "-" : item.over_capacity ? "NOT ASSIGNED" : name_of(names.inspectors, item.inspector);
        const bool hide = item.date_withheld;
        std::string why = hide ? std::string("oanmält besök") : p.reason;
        if (item.over_capacity && !item.unassigned_reason.empty()) why += " [" + item.unassigned_reason + "]";
        out += fmt::format("{:<10}  {:<23}  {:<10}  {:<10}  {:<22}  {:<20}  {:<14}  {} — {}\n",
                           hide ? std::string("unannounced") : sdk::format_date(item.date),
                           hide ? std::string("-")
                                : item.window.first == item.window.last ? sdk::format_date(item.window.first)
                                                                        : sdk::format_date(item.window.first) + "–" + sdk::format_date(item.window.last),
                           hide ? std::string("-") : sdk::format_date(item.window.last), item.board_id,
                           utf8_prefix(name_of(names.areas, p.area_id), 22), p.form_id, utf8_prefix(inspector, 14), who, why);
    }
    return out + "\n" + month_table(plan);
}

std::string month_table(const DatedPlan& plan) {
    std::string out = fmt::format("{:<10}  {:<7}  {:>4}  {:>8}  {:>7}  {:>9}\n", "BOARD", "MONTH", "DUE", "CAPACITY", "PLANNED", "SHORTFALL");
    for (const auto& m : plan.months)
        out += fmt::format("{:<10}  {}-{:02}  {:>4}  {:>8}  {:>7}  {:>9}\n", m.board_id, static_cast<int>(m.month.year()),
                           static_cast<unsigned>(m.month.month()), m.due, m.capacity, m.assigned,
                           m.shortfall() > 0 ? fmt::format("{} days", m.shortfall()) : std::string("-"));
    return out;
}

std::string plan_icalendar(const DatedPlan& plan, const PlanNames& names, const std::string& stamp,
                           const std::map<std::string, int>& sequences) {
    std::string out;
    out += ics_line("BEGIN:VCALENDAR");
    out += ics_line("VERSION:2.0");
    out += ics_line("PRODID:-//followup//Uppföljningsplan//SV");
    out += ics_line("CALSCALE:GREGORIAN");
    out += ics_line("METHOD:PUBLISH");
    out += ics_line(fmt::format("X-WR-CALNAME:{}", ics_text(fmt::format("Uppföljningsplan {}", plan.year))));
    for (const auto& item : plan.items) {
        if (item.date_withheld) continue;  // an unannounced visit is in no shared calendar
        std::string provider = item.planned.provider.empty() ? item.board_id : name_of(names.providers, item.planned.provider);
        if (!item.planned.unit_id.empty()) provider += " / " + name_of(names.units, item.planned.unit_id);
        out += ics_line("BEGIN:VEVENT");
        out += ics_line(fmt::format("UID:{}@followup", item.id));
        out += ics_line("DTSTAMP:" + stamp);
        out += ics_line("DTSTART;VALUE=DATE:" + ics_date(item.date));
        out += ics_line("DTEND;VALUE=DATE:" + ics_date(std::chrono::sys_days{item.date} + std::chrono::days{1}));
        const auto sequence = sequences.find(item.id);
        out += ics_line(fmt::format("SEQUENCE:{}", sequence == sequences.end() ? 0 : sequence->second));
        out += ics_line("SUMMARY:" + ics_text(fmt::format("{}: {}", item.planned.form_id, provider)));
        // Where the inspector goes: the unit's address (a follow-up of the provider as a whole has none).
        std::string location = address_of(names, item.planned.unit_id);
        if (item.planned.unit_id.empty() && !item.planned.provider.empty()) {
            location = name_of(names.providers, item.planned.provider);
            if (auto at = names.provider_addresses.find(item.planned.provider + "|" + item.planned.area_id);
                at != names.provider_addresses.end() && !at->second.empty())
                location += ": " + fmt::format("{}", fmt::join(at->second, "; "));
        }
        if (item.planned.provider.empty()) location = name_of(names.boards, item.board_id);
        if (!location.empty()) out += ics_line("LOCATION:" + ics_text(location));
        std::string description = fmt::format("{}. Område: {}. Fönster: {} – {}.", item.planned.reason,
                                              name_of(names.areas, item.planned.area_id), sdk::format_date(item.planned.window.first),
                                              sdk::format_date(item.planned.window.last));
        if (item.visit)
            description += item.over_capacity ? " Ej tilldelad: " + item.unassigned_reason + "."
                                              : " Inspektör: " + name_of(names.inspectors, item.inspector) + ".";
        out += ics_line("DESCRIPTION:" + ics_text(description));
        out += ics_line("CATEGORIES:" + ics_text(item.board_id) + "," + ics_text(item.planned.form_id));
        out += ics_line("TRANSP:TRANSPARENT");
        out += ics_line("END:VEVENT");
    }
    out += ics_line("END:VCALENDAR");
    return out;
}

std::string plan_csv(const DatedPlan& plan, const PlanNames& names) {
    std::string out = "id;date;board;area;form;provider;provider_name;unit;inspector;over_capacity;window_from;window_to;reason;unannounced;unit_name;due;unassigned_reason;unit_address\n";
    for (const auto& item : plan.items) {
        const auto& p = item.planned;
        const bool hide = item.date_withheld;
        const std::vector<std::string> fields{item.id, hide ? "" : sdk::format_date(item.date), item.board_id, p.area_id, p.form_id,
                                              p.provider, p.provider.empty() ? "" : name_of(names.providers, p.provider),
                                              p.unit_id, item.inspector, item.over_capacity ? "ja" : "nej",
                                              hide ? "" : sdk::format_date(p.window.first), hide ? "" : sdk::format_date(p.window.last),
                                              hide ? "oanmält besök" : p.reason, item.unannounced ? "ja" : "nej",
                                              p.unit_id.empty() ? "" : name_of(names.units, p.unit_id),
                                              hide ? "" : sdk::format_date(item.window.last), item.unassigned_reason,
                                              address_of(names, p.unit_id)};
        for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? ";" : "") + csv_field(fields[i], ';');
        out += '\n';
    }
    return out;
}

std::string plan_json(const DatedPlan& plan, const PlanNames& names) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : plan.items) {
        const auto& p = item.planned;
        const bool hide = item.date_withheld;
        items.push_back({{"id", item.id},
                         {"date", hide ? nlohmann::json(nullptr) : nlohmann::json(sdk::format_date(item.date))},
                         {"unannounced", item.unannounced},
                         {"board", item.board_id},
                         {"area", p.area_id},
                         {"form", p.form_id},
                         {"provider", p.provider},
                         {"provider_name", p.provider.empty() ? "" : name_of(names.providers, p.provider)},
                         {"unit", p.unit_id},
                         {"unit_name", p.unit_id.empty() ? "" : name_of(names.units, p.unit_id)},
                         {"unit_address", address_of(names, p.unit_id)},
                         {"inspector", item.inspector},
                         {"visit", item.visit},
                         {"over_capacity", item.over_capacity},
                         {"window", hide ? nlohmann::json(nullptr)
                                         : nlohmann::json{{"from", sdk::format_date(p.window.first)}, {"to", sdk::format_date(p.window.last)}}},
                         {"due", hide ? nlohmann::json(nullptr) : nlohmann::json(sdk::format_date(item.window.last))},
                         {"unassigned_reason", item.unassigned_reason},
                         {"trigger", p.trigger == sdk::Trigger::signal ? "signal" : "planned"},
                         {"reason", hide ? std::string("oanmält besök") : p.reason}});
    }
    nlohmann::json months = nlohmann::json::array();
    for (const auto& m : plan.months)
        months.push_back({{"board", m.board_id},
                          {"month", fmt::format("{}-{:02}", static_cast<int>(m.month.year()), static_cast<unsigned>(m.month.month()))},
                          {"due", m.due},
                          {"capacity", m.capacity},
                          {"assigned", m.assigned},
                          {"unassigned", m.unassigned},
                          {"shortfall_inspector_days", m.shortfall()}});
    return nlohmann::json{{"year", plan.year}, {"follow_ups", items}, {"months", months}, {"warnings", plan.warnings}}.dump(2) + "\n";
}

}  // namespace followup::core
