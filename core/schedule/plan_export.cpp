#include "schedule/plan_export.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv.hpp"

namespace followup::core {

namespace {

std::string name_of(const std::map<std::string, std::string>& names, const std::string& id) {
    auto it = names.find(id);
    return it == names.end() || it->second.empty() ? id : it->second;
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

std::string ics_date(const sdk::Date& d) {
    std::string s = sdk::format_date(d);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace

std::string plan_table(const DatedPlan& plan, const PlanNames& names) {
    std::string out = fmt::format("{:<10}  {:<10}  {:<22}  {:<20}  {:<34}  {:<14}  {}\n", "DATE", "BOARD", "AREA", "FORM",
                                  "PROVIDER", "INSPECTOR", "WHY");
    for (const auto& item : plan.items) {
        const std::string provider = item.planned.provider.empty() ? "(the board)" : name_of(names.providers, item.planned.provider);
        const std::string inspector = !item.visit ? "-" : item.over_capacity ? "NOT ASSIGNED" : item.inspector;
        out += fmt::format("{:<10}  {:<10}  {:<22}  {:<20}  {:<34}  {:<14}  {}\n",
                           item.date_withheld ? std::string("unannounced") : sdk::format_date(item.date), item.board_id,
                           name_of(names.areas, item.planned.area_id).substr(0, 22), item.planned.form_id,
                           provider.substr(0, 34), inspector, item.date_withheld ? std::string("oanmält besök") : item.planned.reason);
    }
    return out;
}

std::string plan_icalendar(const DatedPlan& plan, const PlanNames& names, const std::string& stamp, int revision) {
    std::string out;
    out += ics_line("BEGIN:VCALENDAR");
    out += ics_line("VERSION:2.0");
    out += ics_line("PRODID:-//followup//Uppföljningsplan//SV");
    out += ics_line("CALSCALE:GREGORIAN");
    out += ics_line("METHOD:PUBLISH");
    out += ics_line(fmt::format("X-WR-CALNAME:{}", ics_text(fmt::format("Uppföljningsplan {}", plan.year))));
    for (const auto& item : plan.items) {
        if (item.date_withheld) continue;  // an unannounced visit is in no shared calendar
        const std::string provider = item.planned.provider.empty() ? item.board_id : name_of(names.providers, item.planned.provider);
        out += ics_line("BEGIN:VEVENT");
        out += ics_line(fmt::format("UID:{}@followup", item.id));
        out += ics_line("DTSTAMP:" + stamp);
        out += ics_line("DTSTART;VALUE=DATE:" + ics_date(item.date));
        out += ics_line("DTEND;VALUE=DATE:" + ics_date(std::chrono::sys_days{item.date} + std::chrono::days{1}));
        out += ics_line(fmt::format("SEQUENCE:{}", revision));
        out += ics_line("SUMMARY:" + ics_text(fmt::format("{}: {}", item.planned.form_id, provider)));
        std::string description = fmt::format("{}. Område: {}. Fönster: {} – {}.", item.planned.reason,
                                              name_of(names.areas, item.planned.area_id), sdk::format_date(item.planned.window.first),
                                              sdk::format_date(item.planned.window.last));
        if (item.visit)
            description += item.over_capacity ? " Ingen inspektör med utrymme: ej tilldelad."
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
    std::string out = "id;date;board;area;form;provider;provider_name;unit;inspector;over_capacity;window_from;window_to;reason;unannounced\n";
    for (const auto& item : plan.items) {
        const auto& p = item.planned;
        const bool hide = item.date_withheld;
        const std::vector<std::string> fields{item.id, hide ? "" : sdk::format_date(item.date), item.board_id, p.area_id, p.form_id,
                                              p.provider, p.provider.empty() ? "" : name_of(names.providers, p.provider),
                                              p.unit_id, item.inspector, item.over_capacity ? "ja" : "nej",
                                              hide ? "" : sdk::format_date(p.window.first), hide ? "" : sdk::format_date(p.window.last),
                                              hide ? "oanmält besök" : p.reason, item.unannounced ? "ja" : "nej"};
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
                         {"inspector", item.inspector},
                         {"visit", item.visit},
                         {"over_capacity", item.over_capacity},
                         {"window", hide ? nlohmann::json(nullptr)
                                         : nlohmann::json{{"from", sdk::format_date(p.window.first)}, {"to", sdk::format_date(p.window.last)}}},
                         {"trigger", p.trigger == sdk::Trigger::signal ? "signal" : "planned"},
                         {"reason", hide ? std::string("oanmält besök") : p.reason}});
    }
    nlohmann::json months = nlohmann::json::array();
    for (const auto& m : plan.months)
        months.push_back({{"board", m.board_id},
                          {"month", fmt::format("{}-{:02}", static_cast<int>(m.month.year()), static_cast<unsigned>(m.month.month()))},
                          {"capacity", m.capacity},
                          {"assigned", m.assigned},
                          {"unassigned", m.unassigned}});
    return nlohmann::json{{"year", plan.year}, {"follow_ups", items}, {"months", months}, {"warnings", plan.warnings}}.dump(2) + "\n";
}

}  // namespace followup::core
