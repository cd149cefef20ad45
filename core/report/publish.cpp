// Gathering the residents' site from the register: per area, the units residents choose between,
// each with its five years of follow-ups, its open deficiencies and its key figures. The pages,
// the open data and the words are in publish_pages.cpp, publish_open_data.cpp and publish_text.cpp.
#include "report/publish.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "report/publish_internal.hpp"
#include "schedule/cases.hpp"
#include "store/record_kinds.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using namespace std::chrono;

std::string printable(std::string_view text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) out += fmt::format("\\x{:02x}", u);
        else out += c;
    }
    return out;
}

namespace publishing {

bool is_personal_identity_number(std::string_view org) {
    // "NNNNNN-NNNN" or with the century, in any spelling (a unit's id too): the register's rule
    // (store/record_kinds.hpp), which also keeps such a number out of the audit trail, on its
    // canonical form, so that the site hides exactly what the register treats as personal.
    std::string digits;
    for (char c : org)
        if (c >= '0' && c <= '9') digits += c;
    if (digits.size() == 12) digits = digits.substr(2);
    return digits.size() == 10 && core::is_personal_identity_number(digits.substr(0, 6) + "-" + digits.substr(6));
}

void write_file(const fs::path& file, const std::string& content, PublishedFiles& out) {
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error) throw std::runtime_error(fmt::format("cannot create the folder '{}': {}", printable(file.parent_path().string()), error.message()));
    std::ofstream f(file, std::ios::binary);
    f << content;
    f.close();
    if (!f) throw std::runtime_error(fmt::format("cannot write '{}'", printable(file.string())));
    out.files.push_back(file);
}

namespace {

/// The district of an address: the configured district whose postcode (or leading digits) the
/// address has — the longest match wins — else the postal town after the postcode.
std::string district_of(const MunicipalityConfig& config, const std::string& address) {
    // A Swedish postcode: three digits, an optional space, two digits.
    std::string postcode, town;
    for (std::size_t i = 0; i + 5 <= address.size(); ++i) {
        auto digit = [&](std::size_t k) { return k < address.size() && address[k] >= '0' && address[k] <= '9'; };
        if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2)) continue;
        const std::size_t j = address[i + 3] == ' ' ? i + 4 : i + 3;
        if (!digit(j) || !digit(j + 1) || digit(j + 2)) continue;
        postcode = address.substr(i, 3) + address.substr(j, 2);
        std::size_t t = j + 2;
        while (t < address.size() && address[t] == ' ') ++t;
        town = address.substr(t);
        while (!town.empty() && (town.back() == ' ' || town.back() == ',')) town.pop_back();
    }
    if (postcode.empty()) return "";
    std::string best;
    std::size_t best_length = 0;
    for (const auto& [name, prefixes] : config.districts)
        for (const auto& prefix : prefixes)
            if (postcode.rfind(prefix, 0) == 0 && prefix.size() > best_length) best = name, best_length = prefix.size();
    return best_length > 0 ? best : town;
}

/// A URL-safe id from a name, for a sole trader whose organisation number may not be shown.
std::string slug(const std::string& name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if (c == 0xC3 && i + 1 < name.size()) {  // å ä ö Å Ä Ö é in UTF-8
            const unsigned char d = static_cast<unsigned char>(name[++i]);
            out += (d == 0xA5 || d == 0xA4 || d == 0x85 || d == 0x84) ? 'a' : (d == 0xB6 || d == 0x96) ? 'o' : (d == 0xA9 || d == 0x89) ? 'e' : '-';
        } else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "anordnare" : out;
}

/// Answer-weighted means of a key figure per year, from the unit's own values, or, when the unit
/// has none and `provider_values` allows it, the provider's as a whole. Indicator values name no
/// area, so a provider-level value says something about a unit only when the provider is in no
/// other area (the municipality's own provider runs preschools and adult education under one
/// organisation number: its adult-education figure is no preschool's).
std::map<int, Figure> figures_by_year(const std::vector<sdk::IndicatorValue>& series, const std::string& unit_id, bool provider_values,
                                      int first_year, int last_year) {
    const bool own = !unit_id.empty() && std::any_of(series.begin(), series.end(), [&](const auto& v) { return v.unit_id == unit_id; });
    if (!own && !provider_values) return {};
    std::map<int, Figure> sums;
    std::map<int, double> weights;
    for (const auto& v : series) {
        const int y = static_cast<int>(v.period.first.year());
        if (y < first_year || y > last_year || v.unit_id != (own ? unit_id : std::string())) continue;
        const double w = v.answers ? *v.answers : 1.0;
        Figure& f = sums[y];
        f.value += v.value * w, weights[y] += w;
        if (v.answers) f.answers += *v.answers, f.has_answers = true;
    }
    for (auto& [y, f] : sums)
        if (weights[y] > 0) f.value /= weights[y];
    return sums;
}

}  // namespace
}  // namespace publishing

PublishedFiles publish_results(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot& snapshot, int year, Language lang,
                               const fs::path& directory) {
    using namespace publishing;
    // Everything is read from the snapshot, as the compilation reads it: the site and the
    // compilation of the same register count from the same state.
    PublishedFiles out;
    Site site;
    site.config = &config;
    site.year = year;
    site.lang = lang;
    site.published = fmt::format("{:%F}", floor<days>(system_clock::now()));
    const sdk::Date year_end = std::chrono::year{year} / 12 / 31;
    const sdk::Date year_start = std::chrono::year{year} / 1 / 1;
    // The day the site shows: the year's end, or today for the current year. The units residents
    // can choose are those whose authorization is in force that day (sdk::in_force): an end or a
    // revocation dated later keeps a unit on the list until its day.
    const sdk::Date today = floor<days>(system_clock::now());
    const sdk::Date shown_day = today < year_end ? today : year_end;
    const int first_year = year - 4;  // five years of history

    auto condition_text = [&](const std::string& id) {
        for (const auto& c : config.conditions)
            if (c.id == id) return c.text;
        return id;
    };
    // Open deficiencies are the deficiency cases' (schedule/cases): a condition stays open until
    // a visit or a reviewed document has verified it remedied, whatever the provider says. The
    // page of a year shows what was open at its end (today, for the current year): a case closed
    // by an end of the authorization still to come is open.
    std::map<std::string, std::vector<std::string>> open_by_unit;  // area|provider|unit → open conditions' texts
    for (const auto& c : deficiency_cases(config, store, &snapshot)) {
        if (year_end < c.opened) continue;
        std::vector<std::string> conditions;
        if (c.state == DeficiencyCase::State::open || c.state == DeficiencyCase::State::to_verify) {
            conditions = c.open_conditions;
            conditions.insert(conditions.end(), c.statement_conditions.begin(), c.statement_conditions.end());
        } else {
            // Remedied, or closed with the authorization, after the year's end: still open then,
            // with what the follow-up that opened the case found deficient.
            const std::optional<sdk::Date> shut = c.remedied_on ? c.remedied_on : closed_with_authorization(c);
            if (!shut || !(shown_day < *shut) || c.follow_ups.empty()) continue;
            const BoardSettings* board = config.board(c.board_id);
            const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
            for (const auto& f : snapshot.findings(c.follow_ups.front()))
                if (scale != nullptr && scale->deficiency_severity(f.grade.level_id) > 0) conditions.push_back(f.condition_id);
            for (const auto& d : c.model_deficiencies)
                if (d.follow_up == c.follow_ups.front() && std::find(conditions.begin(), conditions.end(), d.condition) == conditions.end())
                    conditions.push_back(d.condition);
        }
        auto& open = open_by_unit[c.area_id + "|" + c.provider + "|" + c.unit_id];
        // A deficiency the board's model found where no finding grades the condition (a targeted
        // supervision's documents) is shown in the model's words beside the condition's.
        for (const auto& condition : conditions) {
            bool in_models_words = false;
            for (const auto& d : c.model_deficiencies)
                if (d.condition == condition && !d.text.empty()) {
                    open.push_back(condition_text(condition) + ": " + d.text);
                    in_models_words = true;
                }
            if (!in_models_words) open.push_back(condition_text(condition));
        }
    }

    for (const sdk::Area& area : config.areas) {
        AreaPage page;
        page.area = &area;
        const BoardSettings* board = config.board(area.board_id);
        page.board_name = board != nullptr ? board->board.name : area.board_id;
        page.scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
        auto form_of = [&](const std::string& id) -> const sdk::FollowUpForm* {
            if (board == nullptr) return nullptr;
            for (const auto& f : board->forms)
                if (f.id == id) return &f;
            return nullptr;
        };
        std::set<std::string> used_ids;
        for (const auto& p : snapshot.providers_in_area(area.id)) {
            const auto auths = snapshot.authorizations(p.org_number, area.id);
            // On the list: in force on the day shown. Authorized at some time in the year but no
            // longer (ended or revoked since): off the list, its page kept at its address saying
            // so (seed 002: only a provider that meets the authorization's requirements is "en
            // valbar aktör", and "auktorisationen kan återkallas").
            const bool listed = std::any_of(auths.begin(), auths.end(), [&](const auto& a) { return sdk::in_force(a, shown_day); });
            const bool in_year = std::any_of(auths.begin(), auths.end(), [&](const auto& a) {
                return sdk::in_force(a, a.granted < year_start ? year_start : a.granted) && !(year_end < a.granted);
            });
            if (!listed && !in_year) continue;
            sdk::Date granted = auths.front().granted;
            std::optional<sdk::Date> ended;
            for (const auto& a : auths) {
                if (a.granted < granted) granted = a.granted;
                if (a.ended && (!ended || *ended < *a.ended)) ended = a.ended;
            }
            const bool personal = publishing::is_personal_identity_number(p.org_number);
            const bool only_here = std::none_of(config.areas.begin(), config.areas.end(), [&](const sdk::Area& other) {
                return other.id != area.id && !snapshot.authorizations(p.org_number, other.id).empty();
            });
            // What residents choose between is the unit (the preschool, the home-care team); a
            // provider without registered units in the area is shown as a whole.
            std::vector<UnitRow> rows;
            std::vector<std::string> register_ids;  // the unit's id in the register; empty for the provider as a whole
            for (const auto& u : snapshot.units_of(p.org_number))
                if (u.area_id.empty() || u.area_id == area.id) {
                    UnitRow r;
                    // A unit id that is a personal identity number (a childminder's home, named
                    // after her) is not published either: the name's slug stands for it.
                    r.id = publishing::is_personal_identity_number(u.id) ? slug(u.name) : u.id;
                    r.name = u.name, r.address = u.address;
                    rows.push_back(std::move(r));
                    register_ids.push_back(u.id);
                }
            if (rows.empty()) {
                UnitRow r;
                r.id = personal ? slug(p.name) : p.org_number;
                r.name = p.name;
                rows.push_back(std::move(r));
                register_ids.emplace_back();
            }
            const auto activities = snapshot.follow_ups(p.org_number, area.id);
            std::map<std::string, std::vector<sdk::IndicatorValue>> series;
            for (const std::string& key : config.published_key_figures) series[key] = snapshot.indicator_series(key, p.org_number);
            for (std::size_t row = 0; row < rows.size(); ++row) {
                UnitRow& r = rows[row];
                const std::string& unit_id = register_ids[row];
                // Ids are folder names in the site's URLs: only letters, digits, '-' and '_' (a
                // register id with '/' or ".." must not write outside the site), and two rows of
                // an area never share one.
                for (char& c : r.id)
                    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) c = '-';
                if (r.id.empty()) r.id = "enhet";
                std::string id = r.id;
                for (int n = 2; used_ids.count(id); ++n) id = r.id + "-" + std::to_string(n);
                r.id = id;
                used_ids.insert(id);
                r.provider_name = p.name;
                r.provider_org = personal ? "" : p.org_number;
                r.ownership = p.ownership;
                r.district = district_of(config, r.address);
                if (!listed && ended) r.ended = ended;
                std::optional<sdk::Date> latest_done;
                for (const auto& a : activities) {
                    // A follow-up of the provider as a whole concerns each of its units.
                    if (!unit_id.empty() && !a.unit_id.empty() && a.unit_id != unit_id) continue;
                    if (a.status != sdk::ActivityStatus::done || !a.done || year_end < *a.done) continue;
                    const int y = static_cast<int>(a.done->year());
                    const sdk::FollowUpForm* form = form_of(a.form_id);
                    HistoryEntry h;
                    h.year = y;
                    // An unannounced visit's date never leaves the register: residents see its year.
                    const bool unannounced = form != nullptr && form->unannounced;
                    h.date = unannounced ? "" : sdk::format_date(*a.done);
                    h.sort_key = unannounced ? std::to_string(y) : h.date;
                    h.form = form != nullptr ? form->name : a.form_id;
                    std::vector<std::string> levels, deficient;
                    for (const auto& f : snapshot.findings(a.id)) {
                        // A board without a configured scale grades on its model's (a plugin may
                        // ship its own): the findings name it.
                        if (page.scale == nullptr) page.scale = config.scales.find(f.grade.scale_id);
                        if (page.scale != nullptr && f.grade.scale_id == page.scale->id() && page.scale->level(f.grade.level_id) != nullptr) {
                            levels.push_back(f.grade.level_id);
                            if (page.scale->is_deficiency(f.grade.level_id)) {
                                ++h.deficiencies;
                                // The condition is a requirement ("Personalen har
                                // undersköterskeutbildning."): quoted as one that was not met, with
                                // the grade, so that it does not read as praise.
                                std::string requirement = condition_text(f.condition_id);
                                if (requirement.ends_with('.')) requirement.pop_back();
                                const sdk::GradeLevel* level = page.scale->level(f.grade.level_id);
                                deficient.push_back(fmt::format("”{}” ({}).", requirement,
                                                                lang == Language::en ? level->label_en : level->label_sv));
                            }
                        }
                    }
                    if (!levels.empty()) {
                        const auto& worst = page.scale->worst(levels);
                        h.grade = lang == Language::en ? worst.label_en : worst.label_sv;
                        h.grade_rank = static_cast<int>(*page.scale->rank(worst.id));
                    }
                    std::string summary = deficient.empty() ? (levels.empty() ? "" : text(lang, "summary_no_deficiency"))
                                                            : text(lang, "summary_deficient") + " ";
                    for (std::size_t i = 0; i < deficient.size(); ++i) summary += (i ? " " : "") + deficient[i];
                    for (const auto& d : snapshot.decisions(a.id))
                        summary += (summary.empty() ? "" : " ") + text(lang, "decision_" + std::string(sdk::to_string(d.kind)));
                    h.summary = summary;
                    if (!latest_done || *latest_done < *a.done) latest_done = a.done, r.latest = h;
                    if (y >= first_year) r.history.push_back(std::move(h));
                }
                std::stable_sort(r.history.begin(), r.history.end(), [](const auto& a, const auto& b) { return a.sort_key > b.sort_key; });
                if (auto open = open_by_unit.find(area.id + "|" + p.org_number + "|" + unit_id); open != open_by_unit.end()) {
                    r.open_conditions = open->second;
                    r.open_deficiencies = static_cast<int>(open->second.size());
                }
                r.is_new = !r.latest && !(granted < sys_days{year_end} - days{365});
                for (const auto& [key, values] : series)
                    for (const auto& [y, f] : figures_by_year(values, unit_id, only_here, first_year, year)) {
                        r.yearly[y][key] = f;
                        if (y == year) r.figures[key] = f;
                    }
            }
            for (UnitRow& r : rows) (listed ? page.units : page.departed).push_back(std::move(r));
        }
        std::sort(page.units.begin(), page.units.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        std::set<std::string> districts;
        for (const auto& r : page.units) {
            if (!r.district.empty()) districts.insert(r.district);
            for (const auto& [key, f] : r.figures) {
                Figure& avg = page.average[key];
                // The area's figure: every unit's answers together (a unit without an answer count
                // weighs as one), so a small unit does not weigh as much as a large one.
                const double w = f.has_answers ? f.answers : 1.0;
                avg.value += f.value * w;
                avg.answers += f.has_answers ? f.answers : 0;
                avg.has_answers = avg.has_answers || f.has_answers;
            }
        }
        for (auto& [key, avg] : page.average) {
            double weight = 0;
            int withheld_answers = 0;
            for (const auto& r : page.units)
                if (auto it = r.figures.find(key); it != r.figures.end()) {
                    weight += it->second.has_answers ? it->second.answers : 1.0;
                    if (withheld(it->second, config.min_group_size)) withheld_answers += it->second.answers;
                }
            if (weight > 0) avg.value /= weight;
            avg.reveals_withheld = withheld_answers > 0 && withheld_answers < config.min_group_size;
        }
        for (const std::string& key : config.published_key_figures)
            if (page.average.count(key)) page.keys.push_back(key);
        page.districts.assign(districts.begin(), districts.end());
        site.areas.push_back(std::move(page));
    }

    // Every number a resident or a reuser sees, withheld where too few answered.
    for (const auto& area : site.areas) {
        for (const auto& [key, f] : area.average) out.suppressed += withheld(f, config.min_group_size) ? 1 : 0;
        for (const auto& r : area.units)
            for (const auto& [key, f] : r.figures) out.suppressed += withheld(f, config.min_group_size) ? 1 : 0;
    }
    const std::vector<std::string> pages = write_pages(site, directory, out);
    write_open_data(site, directory, out);
    write_sitemap(site, pages, directory, out);
    return out;
}

}  // namespace followup::core
