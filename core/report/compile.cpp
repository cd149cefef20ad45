#include "report/compile.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "report/catalogue.hpp"
#include "schedule/cases.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {
using namespace std::chrono;

namespace {

bool before(const sdk::Date& a, const sdk::Date& b) { return sys_days{a} < sys_days{b}; }
int year_of(const sdk::Date& d) { return static_cast<int>(d.year()); }

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0) return "–";
    return fmt::format("{:.0f} %", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}
Cell percent_cell(std::size_t part, std::size_t whole) {
    if (whole == 0) return Cell("–");
    return Cell(percent(part, whole), 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}
Cell count_cell(std::size_t n) { return Cell(std::to_string(n), static_cast<double>(n)); }
std::string money(double amount) {
    std::string digits = fmt::format("{:.0f}", amount), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

/// One provider in one area: what the sections need of its record, worked out in one pass so
/// that no follow-up is kept (a million of them at national scale).
struct ProviderFacts {
    sdk::Provider provider;
    bool active = false;               ///< authorized at some time in the year
    bool followed_up = false;          ///< a follow-up done in the year
    bool deficient = false;            ///< a deficiency found in the year
    bool any_done = false;             ///< a follow-up done at any time
    std::optional<sdk::Date> granted;  ///< the first authorization
    /// Two serious deficiencies within two years, the second in the year.
    std::optional<std::pair<sdk::Date, sdk::Date>> repeated_serious;
    std::vector<sdk::GradeCount> year_grades;  ///< the grades of the follow-ups done in the year
};

/// One area: its providers and its follow-ups counted.
struct AreaFacts {
    const sdk::Area* area = nullptr;
    std::vector<ProviderFacts> providers;
    std::map<std::pair<std::string, std::string>, double> year_grades;  ///< (scale, level) → findings in the year's follow-ups
    std::size_t planned = 0;             ///< planned to start in the year, not cancelled
    std::size_t done = 0;                ///< done in the year
    std::array<double, 12> visits{};     ///< done in the year, per month, in forms that take an inspector's visit
    std::array<double, 5> deficient_by_year{};  ///< follow-ups with a deficiency, the year and the four before
    std::size_t municipal_decisions = 0, municipal_sanctions = 0;  ///< on municipal units' follow-ups done in the year
};

class Compiler {
public:
    explicit Compiler(const CompileInputs& in) : in_(in), lang_(in.language) {}

    Document run() {
        Stopwatch watch(spdlog::level::debug);  // the phases inside "compiled the document"
        gather();
        watch.lap("compile: read every area's records");
        Document doc;
        doc.language = lang_ == Language::en ? "en" : "sv";
        doc.year = in_.year;
        doc.title = label(lang_, "title", in_.year);
        doc.subtitle = label(lang_, "subtitle");
        doc.municipality = in_.config.municipality.name;
        doc.date = in_.date;
        doc.reference = fmt::format("{}-{}/uppföljning", in_.config.municipality.reference_prefix, in_.year + 1);

        std::vector<Section> board_sections;
        const int total = static_cast<int>(in_.config.boards.size());
        int done = 0;
        for (const auto& board : in_.config.boards) {
            if (in_.progress) in_.progress(board.board.name, done, total);
            board_sections.push_back(board_section(board));
            watch.lap("compile: board " + board.board.id);
            ++done;
        }
        if (in_.progress) in_.progress("", done, total);

        doc.sections.push_back(proposed_decision());
        doc.sections.push_back(summary());
        doc.sections.push_back(background());
        Section boards{"boards", label(lang_, "boards"), {}, std::move(board_sections), false, ""};
        doc.sections.push_back(std::move(boards));
        doc.sections.push_back(cross_board());
        doc.sections.push_back(welfare_crime());
        doc.sections.push_back(crisis());
        doc.sections.push_back(quality_bonus());
        doc.sections.push_back(consequences());
        doc.sections.push_back(appendices());
        watch.lap("compile: the cross-board sections");
        return doc;
    }

private:
    // ---- the register, read once ----

    void gather() {
        const sdk::Date jan1 = year{in_.year} / 1 / 1, dec31 = year{in_.year} / 12 / 31;
        std::set<std::string> visit_forms;
        for (const auto& b : in_.config.boards)
            for (const auto& f : b.forms)
                if (f.visit) visit_forms.insert(f.id);
        for (const auto& area : in_.config.areas) {
            AreaFacts facts{&area, {}, {}, 0, 0, {}, {}, 0, 0};
            in_.records.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                ProviderFacts f;
                f.provider = record.provider;
                for (const auto& a : record.authorizations) {
                    if (!f.granted || before(a.granted, *f.granted)) f.granted = a.granted;
                    const bool started = !before(dec31, a.granted);
                    const bool not_ended = !a.ended || !before(*a.ended, jan1);
                    if (started && not_ended && (a.status != sdk::AuthorizationStatus::revoked || a.ended)) f.active = true;
                }
                const bool municipal = f.provider.ownership == sdk::Ownership::municipal;
                std::vector<sdk::Date> serious;
                for (const auto& o : record.follow_ups) {
                    const sdk::FollowUpActivity& a = o.activity;
                    if (year_of(a.planned.first) == in_.year && a.status != sdk::ActivityStatus::cancelled) ++facts.planned;
                    if (a.status != sdk::ActivityStatus::done || !a.done) continue;
                    f.any_done = true;
                    const int worst = worst_severity(o.grades, in_.config.scales);
                    if (worst >= 2) serious.push_back(*a.done);
                    const int y = year_of(*a.done);
                    if (worst > 0 && y >= in_.year - 4 && y <= in_.year) facts.deficient_by_year[static_cast<std::size_t>(y - (in_.year - 4))] += 1;
                    if (y != in_.year) continue;
                    f.followed_up = true;
                    f.deficient = f.deficient || worst > 0;
                    ++facts.done;
                    if (visit_forms.count(a.form_id)) facts.visits[static_cast<unsigned>(a.done->month()) - 1] += 1;
                    for (const auto& g : o.grades) {
                        facts.year_grades[{g.grade.scale_id, g.grade.level_id}] += g.count;
                        f.year_grades.push_back(g);
                    }
                    if (municipal)
                        for (const auto& d : o.decisions) {
                            ++facts.municipal_decisions;
                            if (d.kind >= sdk::DecisionKind::remark) ++facts.municipal_sanctions;
                        }
                }
                std::sort(serious.begin(), serious.end());
                for (std::size_t i = 1; i < serious.size(); ++i)
                    if (!before(sys_days{serious[i - 1]} + days{730}, serious[i]) && year_of(serious[i]) == in_.year) {
                        f.repeated_serious = {serious[i - 1], serious[i]};
                        break;
                    }
                facts.providers.push_back(std::move(f));
            });
            areas_.push_back(std::move(facts));
        }
        in_.store.for_each(*find_record_kind("providers"), [&](const Row& row) { continuity_[row[0]] = row[3]; });
        // Only the counts of the cases are kept; the overdue ones move into the status.
        std::vector<DeficiencyCase> cases = deficiency_cases(in_.config, in_.store, &in_.records);
        for (const auto& c : cases) {
            auto& counts = case_counts_[c.board_id];
            counts.first += c.state == DeficiencyCase::State::open ? 1 : 0;
            counts.second += c.state == DeficiencyCase::State::remedied ? 1 : 0;
        }
        status_ = follow_up_status(in_.config, in_.records, std::move(cases), dec31);
        // The board proposes through its model; the board decides. Where the two differ is
        // reported, per board, for the proposals of the year.
        {
            std::map<std::string, std::pair<std::string, std::string>> proposals;  // follow-up → (board, proposed kind)
            in_.store.for_each(*find_record_kind("assessments"), {"follow_up", "board", "proposed", "assessed"}, [&](const Row& row) {
                if (row[2] != "no_action" && row[3].starts_with(std::to_string(in_.year))) proposals[row[0]] = {row[1], row[2]};
            });
            std::map<std::string, std::set<std::string>> adopted;  // follow-up → kinds decided
            if (!proposals.empty())
                in_.store.for_each(*find_record_kind("decisions"), {"follow_up", "kind"}, [&](const Row& row) {
                    if (proposals.count(row[0])) adopted[row[0]].insert(row[1]);
                });
            for (const auto& [id, proposal] : proposals) {
                auto& [total, differing] = proposal_counts_[proposal.first];
                ++total;
                if (!adopted[id].count(proposal.second)) ++differing;
            }
        }
        for (const auto& a : areas_)
            for (const auto& p : a.providers) names_.emplace(p.provider.org_number, &p.provider.name);
        for (const auto& u : status_.overdue_units)
            if (!u.unit_id.empty())
                for (const auto& unit : in_.records.units_of(u.provider))
                    if (unit.id == u.unit_id) unit_names_.emplace_back(unit.id, unit.name);
        in_.store.for_each(*find_record_kind("plans"), [&](const Row& row) {
            if (row[1] == std::to_string(in_.year)) plan_rows_[row[0]] = row;
        });
    }

    std::string name_of(const std::string& org_number) const {
        auto it = names_.find(org_number);
        return it != names_.end() ? *it->second : org_number;
    }

    std::vector<const AreaFacts*> areas_of(const std::string& board_id) const {
        std::vector<const AreaFacts*> out;
        for (const auto& a : areas_)
            if (a.area->board_id == board_id) out.push_back(&a);
        return out;
    }

    std::string ownership_text(sdk::Ownership o) const {
        switch (o) {
            case sdk::Ownership::private_company: return label(lang_, "own_private");
            case sdk::Ownership::non_profit: return label(lang_, "own_non_profit");
            case sdk::Ownership::municipal: return label(lang_, "own_municipal");
        }
        return "";
    }

    // ---- sections ----

    Section proposed_decision() {
        Section s{"proposed-decision", label(lang_, "proposed_decision"), {}, {}, false, ""};
        s.paragraph(in_.config.compilation.proposed_decision.empty() ? label(lang_, "proposed_decision_text", in_.year)
                                                                      : in_.config.compilation.proposed_decision);
        return s;
    }

    Section summary() {
        std::size_t providers = 0, followed = 0, deficient = 0;
        for (const auto& a : areas_)
            for (const auto& p : a.providers)
                if (p.active) ++providers, followed += p.followed_up ? 1 : 0, deficient += p.deficient ? 1 : 0;
        const std::size_t met = static_cast<std::size_t>(std::count(boards_met_.begin(), boards_met_.end(), true));
        Section s{"summary", label(lang_, "summary"), {}, {}, false, ""};
        s.paragraph(label(lang_, "summary_text", in_.config.boards.size(), in_.year, met,
                          met == in_.config.boards.size() ? label(lang_, "summary_all") : label(lang_, "summary_partly"),
                          in_.config.areas.size(), providers, followed, percent(followed, providers), deficient,
                          percent(deficient, followed)));
        Table verdicts{"summary-verdicts", label(lang_, "assessment"), {label(lang_, "board")}, {}};
        for (const char* key : {"req_good_quality", "req_uniform", "req_predictable"}) verdicts.columns.push_back(label(lang_, key));
        for (const auto& [board, row] : verdict_rows_) verdicts.rows.push_back(row);
        s.add(std::move(verdicts));
        return s;
    }

    Section background() {
        Section s{"background", label(lang_, "background"), {}, {}, false, ""};
        s.paragraph(label(lang_, "background_text") + ": (1) " + label(lang_, "req_good_quality") + "; (2) " +
                    label(lang_, "req_uniform") + "; (3) " + label(lang_, "req_predictable") + ".");
        return s;
    }

    Section board_section(const BoardSettings& board) {
        Section s{"board-" + board.board.id, board.board.name, {}, {}, false, ""};
        const auto areas = areas_of(board.board.id);
        std::string area_list;
        for (const auto* a : areas)
            area_list += (area_list.empty() ? "" : ", ") + a->area->name + " (" + std::string(sdk::to_string(a->area->legal_basis)) + ")";
        s.paragraph(label(lang_, "areas") + ": " + area_list + ".");
        // The plan's adoption: the register's record for the year, else the configuration's.
        std::string adopted = label(lang_, "not_recorded"), reported = label(lang_, "not_recorded");
        if (auto it = plan_rows_.find(board.board.id); it != plan_rows_.end()) {
            adopted = it->second[2];
            if (!it->second[3].empty()) reported = it->second[3];
        } else {
            if (board.plan_adopted) adopted = sdk::format_date(*board.plan_adopted);
            if (board.plan_reported) reported = sdk::format_date(*board.plan_reported);
        }
        s.paragraph(label(lang_, "plan_dates", adopted, reported));

        auto plugin = in_.plugins.find(board.board.id);
        std::vector<sdk::RequirementClaim> claims;
        if (plugin == in_.plugins.end()) {
            auto problem = in_.plugin_problems.find(board.board.id);
            s.failed = true;
            s.failure = problem != in_.plugin_problems.end() ? problem->second : "plugin '" + board.plugin_id + "' is not available";
        } else {
            try {
                const auto model = plugin->second->describe();
                s.paragraph(label(lang_, "model") + ": " + model.summary);
                const sdk::BoardSection section = plugin->second->write_section({in_.year, lang_ == Language::en ? sdk::Language::en : sdk::Language::sv, board.board.id});
                for (const auto& p : section.paragraphs)
                    if (p != model.summary) s.paragraph(p);  // the summary is shown once, above
                int n = 0;
                for (const auto& t : section.tables) {
                    Table table{fmt::format("{}-{}", board.board.id, ++n), t.caption, t.columns, {}};
                    for (const auto& r : t.rows) {
                        std::vector<Cell> cells;
                        for (const auto& text : r) {
                            char* end = nullptr;
                            const double v = std::strtod(text.c_str(), &end);
                            if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(v)) cells.emplace_back(text, v);
                            else cells.emplace_back(text);
                        }
                        table.rows.push_back(std::move(cells));
                    }
                    s.add(std::move(table));
                }
                for (const auto& signal : section.risk_signals) risk_signals_.push_back({board.board.id, signal});
                claims = plugin->second->regulation_claims();
                // Next year's plan, from the same model.
                const auto next = plugin->second->plan_year({in_.year + 1, board.board.id});
                std::map<std::string, std::size_t> per_form;
                for (const auto& p : next) ++per_form[p.form_id];
                Table next_table{fmt::format("{}-next-year", board.board.id), label(lang_, "next_year", in_.year + 1),
                                 {label(lang_, "form"), label(lang_, "count")}, {}};
                for (const auto& [form, count] : per_form) next_table.rows.push_back({form, count_cell(count)});
                s.paragraph(label(lang_, "next_year_text", next.size(), in_.year + 1));
                s.add(std::move(next_table));
                appendix_plans_[board.board.id] = plugin->second->plan_year({in_.year, board.board.id});
            } catch (const PluginCallError& e) {
                s.failed = true;
                s.failure = e.what();
            }
        }
        if (s.failed) s.paragraph(label(lang_, "section_failed", s.failure));
        s.add(grade_chart(board, areas));
        cases_of(board, s);
        assess(board, areas, claims, s);
        return s;
    }

    Chart grade_chart(const BoardSettings& board, const std::vector<const AreaFacts*>& areas) {
        Chart chart;
        chart.kind = Chart::Kind::bars;
        chart.id = "grades-" + board.board.id;
        const sdk::GradingScale* scale = in_.config.scales.find(board.scale_id);
        chart.title = label(lang_, "chart_grades", in_.year, board.board.name);
        if (scale == nullptr) return chart;
        Series counts{label(lang_, "count"), {}};
        std::map<std::string, double> n;
        for (const auto* a : areas)
            for (const auto& [grade, count] : a->year_grades)
                if (grade.first == scale->id()) n[grade.second] += count;
        for (const auto& level : scale->levels()) {
            chart.categories.push_back(lang_ == Language::en ? level.label_en : level.label_sv);
            counts.values.push_back(n[level.id]);
        }
        chart.series.push_back(std::move(counts));
        return chart;
    }

    void cases_of(const BoardSettings& board, Section& s) {
        const auto counts = case_counts_.count(board.board.id) ? case_counts_.at(board.board.id) : std::pair<std::size_t, std::size_t>{};
        const std::size_t open = counts.first, remedied = counts.second;
        Table overdue{board.board.id + "-overdue-cases", label(lang_, "overdue_cases"),
                      {label(lang_, "provider"), label(lang_, "area"), label(lang_, "follow_ups"), label(lang_, "window")}, {}};
        for (const auto& c : status_.overdue_cases)
            if (c.board_id == board.board.id)
                overdue.rows.push_back({c.provider_name, c.area_id, count_cell(c.follow_ups.size()), sdk::format_date(c.recheck_due)});
        s.paragraph(fmt::format("{}: {}. {}: {}.", label(lang_, "open_cases"), open, label(lang_, "awaiting_closure"), remedied));
        s.add(std::move(overdue));
        if (auto p = proposal_counts_.find(board.board.id); p != proposal_counts_.end() && p->second.first > 0)
            s.paragraph(label(lang_, "proposals_differ", p->second.second, p->second.first, in_.year));

        // Due dates the board's model set, passed without a follow-up (re-checks are the cases above).
        Table late{board.board.id + "-overdue-units", label(lang_, "units_overdue", sdk::format_date(status_.at)),
                   {label(lang_, "provider"), label(lang_, "unit"), label(lang_, "area"), label(lang_, "due_date"),
                    label(lang_, "risk_category")},
                   {}};
        for (const auto& u : status_.overdue_units)
            if (u.board_id == board.board.id && !u.deficient)
                late.rows.push_back({u.provider_name, unit_name(u.unit_id), area_name(u.area_id), sdk::format_date(u.next_due),
                                     u.risk_category.empty() ? "–" : u.risk_category});
        if (!late.rows.empty()) s.add(std::move(late));

        // A risk-based model: how many units in each category, and why they are there.
        std::map<std::string, std::pair<std::size_t, std::string>> categories;  // category → (units, a reason)
        for (const auto& u : status_.units)
            if (u.board_id == board.board.id && !u.risk_category.empty()) {
                auto& [n, reason] = categories[u.risk_category];
                ++n;
                if (reason.empty()) reason = u.risk_reason;
            }
        if (!categories.empty()) {
            Table risk{board.board.id + "-risk", label(lang_, "risk_table"),
                       {label(lang_, "risk_category"), label(lang_, "count"), label(lang_, "risk_reason")}, {}};
            for (const auto& [category, entry] : categories)
                risk.rows.push_back({category, count_cell(entry.first), entry.second.empty() ? "–" : entry.second});
            s.add(std::move(risk));
        }
    }

    std::string unit_name(const std::string& unit_id) const {
        if (unit_id.empty()) return "–";
        for (const auto& p : unit_names_)
            if (p.first == unit_id) return p.second;
        return unit_id;
    }

    std::string area_name(const std::string& area_id) const {
        const sdk::Area* area = in_.config.area(area_id);
        return area != nullptr ? area->name : area_id;
    }

    // ---- the core's assessment against the three requirements ----

    static const char* level_key(Verdict::Level level) {
        switch (level) {
            case Verdict::Level::met: return "met";
            case Verdict::Level::partly_met: return "partly_met";
            case Verdict::Level::not_shown: return "not_shown";
            case Verdict::Level::not_met: return "not_met";
        }
        return "not_met";
    }

    void assess(const BoardSettings& board, const std::vector<const AreaFacts*>& areas,
                const std::vector<sdk::RequirementClaim>& claims, Section& s) {
        std::size_t with_rule = 0, with_ladder = 0, sanction_areas = 0;
        for (const auto* a : areas) {
            if (std::any_of(in_.config.schedule.begin(), in_.config.schedule.end(), [&](const auto& r) { return r.area_id == a->area->id; }))
                ++with_rule;
            if (std::any_of(in_.config.sanction_ladders.begin(), in_.config.sanction_ladders.end(),
                            [&](const auto& l) { return l.area_id == a->area->id; }))
                ++with_ladder;
            ++sanction_areas;
        }
        // Evidence named in a claim, checked against the configuration. A token the core cannot
        // check leaves the requirement *not shown*: an unsupported claim is reported, not trusted.
        bool unchecked = false;
        auto in_board = [&](const std::string& area_id) {
            return std::any_of(areas.begin(), areas.end(), [&](const auto* a) { return a->area->id == area_id; });
        };
        auto check_token = [&](const std::string& token, bool& ok) -> std::string {
            if (token.starts_with("schedule:")) {  // schedule:AREA/FORM
                const std::string rest = token.substr(9);
                const auto slash = rest.find('/');
                const std::string area = rest.substr(0, slash), form = slash == std::string::npos ? "" : rest.substr(slash + 1);
                const bool found = in_board(area) && std::any_of(in_.config.schedule.begin(), in_.config.schedule.end(), [&](const auto& r) {
                                       return r.area_id == area && (form.empty() || r.form_id == form);
                                   });
                ok = ok && found;
                return label(lang_, "ev_schedule_rule", rest, label(lang_, found ? "yes" : "no"));
            }
            if (token.starts_with("ladder:")) {
                const std::string area = token.substr(7);
                const bool found = in_board(area) && std::any_of(in_.config.sanction_ladders.begin(), in_.config.sanction_ladders.end(),
                                                                 [&](const auto& l) { return l.area_id == area; });
                ok = ok && found;
                return label(lang_, "ev_ladder", area, label(lang_, found ? "yes" : "no"));
            }
            if (token.starts_with("condition:")) {
                const std::string id = token.substr(10);
                const bool found = std::any_of(in_.config.conditions.begin(), in_.config.conditions.end(), [&](const auto& c) {
                    return c.id == id && !c.checked.empty() && (c.area_id.empty() || in_board(c.area_id));
                });
                ok = ok && found;
                return label(lang_, "ev_condition", id, label(lang_, found ? "yes" : "no"));
            }
            if (token.starts_with("model:")) {
                const std::string key = token.substr(6);
                const bool found = !key.empty() && board.model.contains(key);
                ok = ok && found;
                return label(lang_, "ev_model_key", key, label(lang_, found ? "yes" : "no"));
            }
            if (token.starts_with("form:")) {
                const std::string id = token.substr(5);
                const bool found = std::any_of(board.forms.begin(), board.forms.end(), [&](const auto& f) { return f.id == id; });
                ok = ok && found;
                return label(lang_, "ev_form", id, label(lang_, found ? "yes" : "no"));
            }
            if (token.starts_with("scale:")) {
                const std::string id = token.substr(6);
                const bool found = in_.config.scales.find(id) != nullptr && (board.scale_id == id);
                ok = ok && found;
                return label(lang_, "ev_scale", id, label(lang_, found ? "yes" : "no"));
            }
            if (token == "schedule") {
                ok = ok && with_rule == areas.size();
                return label(lang_, "ev_schedule", with_rule, areas.size());
            }
            if (token == "sanction_ladders") {
                ok = ok && with_ladder == sanction_areas;
                return label(lang_, "ev_ladders", with_ladder, sanction_areas);
            }
            if (token == "conditions") {
                std::size_t n = 0;
                for (const auto& c : in_.config.conditions)
                    if (!c.checked.empty() && (c.area_id.empty() || std::any_of(areas.begin(), areas.end(), [&](const auto* a) { return a->area->id == c.area_id; })))
                        ++n;
                ok = ok && n > 0;
                return label(lang_, "ev_conditions", n);
            }
            unchecked = true;
            return label(lang_, "ev_unchecked", token);
        };

        // Facts the core measures itself.
        std::set<std::string> late_providers;
        for (const auto& o : status_.overdue)
            if (std::any_of(areas.begin(), areas.end(), [&](const auto* a) { return a->area->id == o.activity.area_id; }))
                late_providers.insert(o.activity.provider);
        for (const auto& c : status_.overdue_cases)
            if (c.board_id == board.board.id) late_providers.insert(c.provider);
        // The due dates the board's model set are the timeliness that counts.
        for (const auto& u : status_.overdue_units)
            if (u.board_id == board.board.id) late_providers.insert(u.provider);
        std::size_t active = 0, grades = 0, other_scale = 0, municipal_decisions = 0, municipal_sanctions = 0, planned = 0, done = 0;
        for (const auto* a : areas) {
            for (const auto& p : a->providers) active += p.active ? 1 : 0;
            planned += a->planned;
            done += a->done;
            for (const auto& [grade, count] : a->year_grades) {
                const auto n = static_cast<std::size_t>(count);
                grades += n;
                if (grade.first != board.scale_id && grade.first != "indikator2") other_scale += n;
            }
            municipal_decisions += a->municipal_decisions;
            municipal_sanctions += a->municipal_sanctions;
        }
        const std::size_t on_time = active >= late_providers.size() ? active - late_providers.size() : 0;

        std::vector<std::string> row{board.board.name};
        bool all_met = true;
        const std::pair<sdk::Requirement, const char*> requirements[] = {{sdk::Requirement::good_quality, "req_good_quality"},
                                                                        {sdk::Requirement::uniform_assessment, "req_uniform"},
                                                                        {sdk::Requirement::predictable, "req_predictable"}};
        for (const auto& entry : requirements) {
            const sdk::Requirement requirement = entry.first;  // a plain variable: clang 14 cannot capture a binding
            const char* key = entry.second;
            Verdict v;
            v.requirement = label(lang_, key);
            auto claim = std::find_if(claims.begin(), claims.end(), [&](const auto& c) { return c.requirement == requirement; });
            bool ok = claim != claims.end();
            unchecked = false;
            if (claim == claims.end()) {
                v.claim = label(lang_, "no_claim");
                v.evidence.push_back(label(lang_, "ev_claim_missing"));
            } else {
                v.claim = claim->how;
                for (const auto& token : claim->evidence) v.evidence.push_back(check_token(token, ok));
            }
            if (requirement == sdk::Requirement::good_quality && active > 0) {
                v.evidence.push_back(label(lang_, "ev_coverage", on_time, active));
                ok = ok && on_time * 10 >= active * 9;
            }
            if (requirement == sdk::Requirement::uniform_assessment) {
                v.evidence.push_back(other_scale == 0 ? label(lang_, "ev_one_scale", grades) : label(lang_, "ev_other_scales", other_scale, grades));
                v.evidence.push_back(municipal_sanctions == 0 ? label(lang_, "ev_municipal_no_sanction", municipal_decisions)
                                                              : label(lang_, "ev_municipal_sanctioned", municipal_sanctions));
                ok = ok && other_scale == 0 && municipal_sanctions == 0;
            }
            if (requirement == sdk::Requirement::predictable) {
                const bool recorded = plan_rows_.count(board.board.id) > 0 || (board.plan_adopted && board.plan_reported);
                if (recorded) {
                    const auto& pr = plan_rows_.count(board.board.id) ? plan_rows_.at(board.board.id) : Row{};
                    v.evidence.push_back(label(lang_, "ev_plan_adopted", pr.empty() ? sdk::format_date(*board.plan_adopted) : pr[2],
                                               pr.empty() ? sdk::format_date(*board.plan_reported) : (pr[3].empty() ? "–" : pr[3])));
                } else {
                    v.evidence.push_back(label(lang_, "ev_plan_missing"));
                }
                if (planned > 0) v.evidence.push_back(label(lang_, "ev_done_as_planned", std::min(done, planned), planned));
                ok = ok && recorded;
            }
            // A claim resting on evidence the core cannot check, or on no followed-up unit at all,
            // is not shown to be met: that is neither "met" nor a failure of the board's model.
            const bool nothing_followed_up = done == 0;
            if (claim != claims.end() && nothing_followed_up && requirement == sdk::Requirement::good_quality)
                v.evidence.push_back(label(lang_, "ev_nothing_followed_up", in_.year));
            if (claim == claims.end()) v.level = Verdict::Level::not_met;
            else if (!ok) v.level = Verdict::Level::partly_met;
            else if (unchecked || (nothing_followed_up && requirement == sdk::Requirement::good_quality)) v.level = Verdict::Level::not_shown;
            else v.level = Verdict::Level::met;
            v.level_text = label(lang_, level_key(v.level));
            all_met = all_met && v.level == Verdict::Level::met;
            row.push_back(v.level_text);
            s.add(std::move(v));
        }
        boards_met_.push_back(all_met);
        std::vector<Cell> cells(row.begin(), row.end());
        verdict_rows_.emplace_back(board.board.id, std::move(cells));
        // The heading before the verdicts, placed where the verdicts begin.
        auto first = std::find_if(s.blocks.begin(), s.blocks.end(), [](const Block& b) { return b.kind == Block::Kind::verdict; });
        Block heading;
        heading.text = label(lang_, "assessment") + ":";
        s.blocks.insert(first, std::move(heading));
    }

    Section cross_board() {
        Section s{"cross-board", label(lang_, "cross_board"), {}, {}, false, ""};
        Table per_area{"providers-per-area", label(lang_, "providers_per_area", in_.year),
                       {label(lang_, "area"), label(lang_, "board"), label(lang_, "providers"), label(lang_, "followed_up"),
                        label(lang_, "share_followed_up"), label(lang_, "with_deficiencies"), label(lang_, "share_with_deficiencies")},
                       {}};
        std::map<sdk::Ownership, std::array<std::size_t, 3>> by_owner;
        for (const auto& a : areas_) {
            std::size_t n = 0, f = 0, d = 0;
            for (const auto& p : a.providers) {
                if (!p.active) continue;
                ++n, f += p.followed_up ? 1 : 0, d += p.deficient ? 1 : 0;
                auto& o = by_owner[p.provider.ownership];
                ++o[0], o[1] += p.followed_up ? 1 : 0, o[2] += p.deficient ? 1 : 0;
            }
            const BoardSettings* board = in_.config.board(a.area->board_id);
            per_area.rows.push_back({a.area->name, board != nullptr ? board->board.name : a.area->board_id, count_cell(n), count_cell(f),
                                     percent_cell(f, n), count_cell(d), percent_cell(d, f)});
        }
        s.add(std::move(per_area));
        Table owners{"by-ownership", label(lang_, "by_ownership", in_.year),
                     {label(lang_, "ownership"), label(lang_, "providers"), label(lang_, "followed_up"), label(lang_, "share_followed_up"),
                      label(lang_, "with_deficiencies"), label(lang_, "share_with_deficiencies")},
                     {}};
        std::vector<std::string> shares;
        for (auto o : {sdk::Ownership::private_company, sdk::Ownership::non_profit, sdk::Ownership::municipal}) {
            const auto& c = by_owner[o];
            owners.rows.push_back({ownership_text(o), count_cell(c[0]), count_cell(c[1]), percent_cell(c[1], c[0]), count_cell(c[2]),
                                   percent_cell(c[2], c[1])});
            shares.push_back(percent(c[1], c[0]));
        }
        s.add(std::move(owners));
        s.paragraph(label(lang_, "neutrality_text", shares[0], shares[1], shares[2]));
        s.add(visits_chart());
        s.add(deficiencies_chart());
        return s;
    }

    Chart visits_chart() {
        Chart chart;
        chart.kind = Chart::Kind::bars;
        chart.id = "visits-per-month";
        chart.title = label(lang_, "chart_visits", in_.year);
        Series done{label(lang_, "done"), std::vector<double>(12, 0.0)};
        Series capacity{label(lang_, "capacity"), std::vector<double>(12, 0.0)};
        double monthly = 0;
        for (const auto& i : in_.config.inspectors) monthly += i.monthly_capacity;
        for (unsigned m = 1; m <= 12; ++m) {
            chart.categories.push_back(fmt::format("{:02}", m));
            capacity.values[m - 1] = monthly;
        }
        for (const auto& a : areas_)
            for (std::size_t m = 0; m < 12; ++m) done.values[m] += a.visits[m];
        chart.series.push_back(std::move(done));
        chart.limit = std::move(capacity);
        return chart;
    }

    Chart deficiencies_chart() {
        Chart chart;
        chart.kind = Chart::Kind::lines;
        chart.id = "deficiencies-per-year";
        chart.title = label(lang_, "chart_deficiencies");
        for (int y = in_.year - 4; y <= in_.year; ++y) chart.categories.push_back(std::to_string(y));
        for (const auto& board : in_.config.boards) {
            Series series{board.board.name, std::vector<double>(5, 0.0)};
            for (const auto* a : areas_of(board.board.id))
                for (std::size_t y = 0; y < 5; ++y) series.values[y] += a->deficient_by_year[y];
            chart.series.push_back(std::move(series));
        }
        return chart;
    }

    Section welfare_crime() {
        Section s{"welfare-crime", label(lang_, "welfare_crime"), {}, {}, false, ""};
        s.paragraph(label(lang_, "welfare_intro"));
        Table signals{"welfare-signals", label(lang_, "signals"),
                      {label(lang_, "board"), label(lang_, "provider"), label(lang_, "area"), label(lang_, "signal_kind"), label(lang_, "explanation")},
                      {}};
        for (const auto& [board, signal] : risk_signals_)
            signals.rows.push_back({board, name_of(signal.provider), signal.area_id,
                                    signal.kind, signal.explanation});
        s.add(std::move(signals));
        Table repeated{"repeated-serious", label(lang_, "repeated_serious"),
                       {label(lang_, "provider"), label(lang_, "area"), label(lang_, "follow_ups")}, {}};
        for (const auto& a : areas_)
            for (const auto& p : a.providers)
                if (p.repeated_serious)
                    repeated.rows.push_back({p.provider.name, a.area->name,
                                             sdk::format_date(p.repeated_serious->first) + ", " + sdk::format_date(p.repeated_serious->second)});
        s.add(std::move(repeated));
        Table fresh{"new-not-followed-up", label(lang_, "new_not_followed_up"),
                    {label(lang_, "provider"), label(lang_, "area"), label(lang_, "authorized")}, {}};
        const sdk::Date year_end = year{in_.year} / 12 / 31;
        for (const auto& a : areas_)
            for (const auto& p : a.providers) {
                if (!p.active || !p.granted || before(*p.granted, sys_days{year_end} - days{365})) continue;
                if (!p.any_done) fresh.rows.push_back({p.provider.name, a.area->name, sdk::format_date(*p.granted)});
            }
        s.add(std::move(fresh));
        return s;
    }

    Section crisis() {
        Section s{"crisis-preparedness", label(lang_, "crisis"), {}, {}, false, ""};
        std::map<std::string, std::pair<std::string, std::vector<std::string>>> providers;  // org → (name, areas)
        for (const auto& a : areas_)
            for (const auto& p : a.providers)
                if (p.active) {
                    auto& entry = providers[p.provider.org_number];
                    entry.first = p.provider.name;
                    entry.second.push_back(a.area->name);
                }
        Table missing{"without-continuity-plan", label(lang_, "crisis"), {label(lang_, "provider"), label(lang_, "areas")}, {}};
        std::size_t with_plan = 0;
        for (const auto& [org, entry] : providers) {
            auto it = continuity_.find(org);
            if (it != continuity_.end() && !it->second.empty()) {
                ++with_plan;
                continue;
            }
            std::string list;
            for (const auto& a : entry.second) list += (list.empty() ? "" : ", ") + a;
            missing.rows.push_back({entry.first, list});
        }
        s.paragraph(label(lang_, "crisis_text", with_plan, providers.size()));
        s.add(std::move(missing));
        return s;
    }

    Section quality_bonus() {
        Section s{"quality-bonus", label(lang_, "quality_bonus"), {}, {}, false, ""};
        int n = 0;
        for (const auto& rule : in_.config.quality_bonus) {
            const AreaFacts* area = nullptr;
            for (const auto& a : areas_)
                if (a.area->id == rule.area_id) area = &a;
            if (area == nullptr) continue;
            const BoardSettings* board = in_.config.board(area->area->board_id);
            const sdk::GradingScale* scale = board != nullptr ? in_.config.scales.find(board->scale_id) : nullptr;
            if (scale == nullptr || scale->level(rule.max_grade) == nullptr) continue;
            Table table{fmt::format("quality-bonus-{}", ++n), label(lang_, "quality_bonus") + ": " + area->area->name,
                        {label(lang_, "provider"), label(lang_, "ownership"), label(lang_, "qualifies"), label(lang_, "amount")}, {}};
            std::size_t active = 0, qualifying = 0;
            for (const auto& p : area->providers) {
                if (!p.active) continue;
                ++active;
                bool qualifies = p.followed_up;
                for (const auto& g : p.year_grades)
                    if (g.grade.scale_id == scale->id() && scale->compare(g.grade.level_id, rule.max_grade) > 0) qualifies = false;
                if (qualifies && rule.indicator) {
                    double sum = 0, weight = 0;
                    int answers = 0;
                    for (const auto& v : in_.records.indicator_series(*rule.indicator, p.provider.org_number))
                        if (year_of(v.period.first) == in_.year) {
                            const double w = v.answers ? *v.answers : 1.0;
                            sum += v.value * w, weight += w, answers += v.answers.value_or(0);
                        }
                    qualifies = weight > 0 && sum / weight >= rule.min_value && answers >= rule.min_answers;
                }
                qualifying += qualifies ? 1 : 0;
                table.rows.push_back({p.provider.name, ownership_text(p.provider.ownership), label(lang_, qualifies ? "yes" : "no"),
                                      qualifies ? Cell(money(rule.amount), rule.amount) : Cell("0", 0)});
            }
            table.rows.push_back({label(lang_, "total"), "", count_cell(qualifying), Cell(money(rule.amount * static_cast<double>(qualifying)), rule.amount * static_cast<double>(qualifying))});
            const sdk::GradeLevel* level = scale->level(rule.max_grade);
            const std::string indicator = rule.indicator ? label(lang_, "quality_bonus_indicator", *rule.indicator, rule.min_value, rule.min_answers) : "";
            s.paragraph(label(lang_, "quality_bonus_text", area->area->name, lang_ == Language::en ? level->label_en : level->label_sv,
                              indicator, money(rule.amount), qualifying, active, money(rule.amount * static_cast<double>(qualifying))));
            s.add(std::move(table));
        }
        if (in_.config.quality_bonus.empty()) s.paragraph(label(lang_, "none"));
        return s;
    }

    Section consequences() {
        Section s{"consequences", label(lang_, "consequences"), {}, {}, false, ""};
        Section children{"consequences-children", label(lang_, "consequences_children"), {}, {}, false, ""};
        children.paragraph(in_.config.compilation.consequences_children.empty() ? label(lang_, "none") : in_.config.compilation.consequences_children);
        Section economy{"consequences-economy", label(lang_, "consequences_economy"), {}, {}, false, ""};
        economy.paragraph(in_.config.compilation.consequences_economy.empty() ? label(lang_, "none") : in_.config.compilation.consequences_economy);
        s.children.push_back(std::move(children));
        s.children.push_back(std::move(economy));
        return s;
    }

    Section appendices() {
        Section s{"appendices", label(lang_, "appendices"), {}, {}, false, ""};
        for (const auto& board : in_.config.boards) {
            auto it = appendix_plans_.find(board.board.id);
            if (it == appendix_plans_.end()) continue;
            Section child{"appendix-" + board.board.id, label(lang_, "appendix_plan", board.board.name, in_.year), {}, {}, false, ""};
            Table table{"plan-" + board.board.id, child.title,
                        {label(lang_, "form"), label(lang_, "area"), label(lang_, "provider"), label(lang_, "window"), label(lang_, "reason")}, {}};
            for (const auto& p : it->second)
                table.rows.push_back({p.form_id, p.area_id, p.provider.empty() ? board.board.name : name_of(p.provider),
                                      sdk::format_date(p.window.first) + " – " + sdk::format_date(p.window.last), p.reason});
            child.add(std::move(table));
            s.children.push_back(std::move(child));
        }
        return s;
    }

    const CompileInputs& in_;
    Language lang_;
    std::vector<AreaFacts> areas_;
    std::map<std::string, std::string> continuity_;
    std::map<std::string, std::pair<std::size_t, std::size_t>> case_counts_;  ///< board → (open, awaiting closure)
    std::unordered_map<std::string_view, const std::string*> names_;         ///< organisation number → name
    Status status_;
    std::map<std::string, std::pair<std::size_t, std::size_t>> proposal_counts_;  ///< board → (proposals, decided otherwise)
    std::vector<std::pair<std::string, std::string>> unit_names_;                  ///< unit id → name, for the few units shown
    std::map<std::string, Row> plan_rows_;
    std::vector<std::pair<std::string, sdk::RiskSignal>> risk_signals_;
    std::map<std::string, std::vector<sdk::PlannedFollowUp>> appendix_plans_;
    std::vector<bool> boards_met_;
    std::vector<std::pair<std::string, std::vector<Cell>>> verdict_rows_;
};

}  // namespace

Document compile_document(const CompileInputs& inputs) { return Compiler(inputs).run(); }

}  // namespace followup::core
