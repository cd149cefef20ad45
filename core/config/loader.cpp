// Reads a municipality's configuration: the municipality file, then each board file it
// includes; then checks references across files. Every problem is collected, none stops the read.
#include <sstream>
#include <grp.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "config/municipality_config.hpp"
#include "config/publishing_settings.hpp"
#include "config/quality_bonus_rules.hpp"
#include "followup/sdk/config_reader.hpp"
#include "followup/sdk/toml_config.hpp"
#include "followup/sdk/error.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using sdk::closest;
using sdk::not_one_of;

namespace {

const std::vector<std::string> legal_bases{"LOV", "skollagen", "LSS", "SoL", "kundvalsreglemente"};
const std::vector<std::string> check_points{"authorization", "supervision", "annually", "signal"};
const std::vector<std::string> decision_kinds{"no_action", "pointed_out", "remark", "injunction",
                                              "injunction_with_fine", "revocation"};

/// A reference from one place to an id defined elsewhere, checked once every file is read.
struct Reference {
    std::string kind;  ///< "board", "area", "scale", "form of board X"
    std::string id;
    Diagnostic at;     ///< where the reference is, message filled in when it dangles
};

class Loader {
public:
    explicit Loader(LoadedConfig& out) : cfg_(out.config), diags_(out.diagnostics) {}

    void run(const fs::path& municipality_file, const std::string* text) {
        cfg_.file = fs::absolute(municipality_file);
        auto root = text != nullptr ? parse_text(*text, cfg_.file) : parse(cfg_.file);
        if (!root) return;
        std::vector<std::string> includes;
        read_municipality(*root, includes);
        for (const auto& include : includes) {
            const fs::path board_file = (cfg_.file.parent_path() / include).lexically_normal();
            if (auto table = parse(board_file)) read_board_file(*table, board_file.string());  // may move [model] out
        }
        check_references();
        check_quality_bonus_rules(cfg_, bonus_grades_, bonus_indicators_, diags_);
    }

private:
    std::optional<toml::table> parse_text(const std::string& text, const fs::path& file) {
        try {
            return toml::parse(text, file.string());
        } catch (const toml::parse_error& e) {
            diags_.push_back({file.string(), e.source().begin.line, e.source().begin.column, "",
                              fmt::format("TOML syntax error: {}", e.description()), ""});
            return std::nullopt;
        }
    }

    std::optional<toml::table> parse(const fs::path& file) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            diags_.push_back({file.string(), 0, 0, "", "no such file", ""});
            return std::nullopt;
        }
        try {
            return toml::parse_file(file.string());
        } catch (const toml::parse_error& e) {
            diags_.push_back({file.string(), e.source().begin.line, e.source().begin.column, "",
                              fmt::format("TOML syntax error: {}", e.description()), ""});
            return std::nullopt;
        }
    }

    Diagnostic here(sdk::ConfigReader& r, std::string_view key) {
        const toml::node* node = sdk::toml_table(r).get(key);
        const toml::node& at = node != nullptr ? *node : static_cast<const toml::node&>(sdk::toml_table(r));
        return {current_file_, at.source().begin.line, at.source().begin.column, r.key_path(key), "", ""};
    }

    void refer(sdk::ConfigReader& r, std::string_view key, std::string kind, const std::string& id) {
        references_.push_back({std::move(kind), id, here(r, key)});
    }

    /// Records a definition; a second one with the same id is an error pointing at the first.
    void define(sdk::ConfigReader& r, const std::string& kind, const std::string& id) {
        auto [it, inserted] = definitions_[kind].emplace(id, here(r, "id"));
        if (!inserted) {
            Diagnostic d = here(r, "id");
            d.message = fmt::format("duplicate {} id '{}'; already defined at {}:{}", kind, id, it->second.file,
                                    it->second.line);
            diags_.push_back(std::move(d));
        }
    }

    void read_municipality(const toml::table& table, std::vector<std::string>& includes) {
        FileScope scope(*this, cfg_.file.string());
        sdk::ConfigReader root = sdk::toml_reader(issues_, table, "");
        if (const toml::table* m = sdk::toml_subtable(root, "municipality", true)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *m, "municipality");
            cfg_.municipality.name = r.string("name", true).value_or("");
            cfg_.municipality.language = r.choice("language", {"sv", "en"}, false).value_or("sv") == "en" ? Language::en : Language::sv;
            cfg_.municipality.reference_prefix = r.string("reference_prefix", true).value_or("");
            cfg_.municipality.example = r.boolean("example").value_or(false);
            for (const auto& dir : r.strings("plugin_dirs", false))
                cfg_.plugin_dirs.push_back((cfg_.file.parent_path() / dir).lexically_normal());
            includes = r.strings("include", false);
            r.finish();
        }
        if (const toml::table* p = sdk::toml_subtable(root, "plugins", false)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *p, "plugins");
            cfg_.plugin_call_timeout_seconds = static_cast<int>(r.integer("call_timeout_seconds", 1, 86400, false).value_or(300));
            // 0: no limit. The memory is what a child may take beyond the process it was forked from.
            if (auto mib = r.integer("child_memory_mib", 0, 1024 * 1024, false)) cfg_.plugin_child_memory_mib = static_cast<std::size_t>(*mib);
            if (auto seconds = r.integer("child_cpu_seconds", 0, 7 * 86400, false)) cfg_.plugin_child_cpu_seconds = static_cast<int>(*seconds);
            r.finish();
        }
        if (const toml::table* reg = sdk::toml_subtable(root, "register", false)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *reg, "register");
            if (auto db = r.string("database", false)) cfg_.database = (cfg_.file.parent_path() / *db).lexically_normal();
            if (auto url = r.string("url", false)) cfg_.register_url = *url;
            if (auto key = r.string("audit_key", false)) cfg_.audit_key = (cfg_.file.parent_path() / *key).lexically_normal();
            if (auto wait = r.integer("wait_seconds", 0, 3600, false)) cfg_.register_wait_seconds = static_cast<int>(*wait);
            if (const toml::table* retention = sdk::toml_subtable(r, "retention", false)) {
                sdk::ConfigReader k = sdk::toml_reader(issues_, *retention, "register.retention");
                if (auto years = k.integer("personal_identity_number_years", 1, 100, false))
                    cfg_.retention_personal_identity_number_years = static_cast<int>(*years);
                k.finish();
            }
            if (auto group = r.string("group", false)) {
                // Looked up now, so that a misspelt group is said with its key, not at the first file made.
                if (const ::group* found = ::getgrnam(group->c_str()))
                    cfg_.register_group = MunicipalityConfig::RegisterGroup{*group, static_cast<unsigned>(found->gr_gid)};
                else
                    r.error("group", fmt::format("found \"{}\", which is no group of this machine; expected the name of the group "
                                                 "whose members may read the register's files (see `getent group`)",
                                                 *group));
            }
            r.finish();
        }
        if (const toml::table* d = sdk::toml_subtable(root, "desk", false)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *d, "desk");
            cfg_.desk_secure_cookies = r.boolean("secure_cookies").value_or(false);
            r.finish();
        }
        if (const toml::table* p = sdk::toml_subtable(root, "publishing", false)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *p, "publishing");
            cfg_.min_group_size = static_cast<int>(r.integer("min_group_size", 1, 1000, false).value_or(5));
            cfg_.published_key_figures = r.strings("key_figures", false);
            // What residents compare is imported first: each a key figure declared with its unit.
            for (const auto& key : cfg_.published_key_figures) refer(r, "key_figures", "key figure", key);
            if (const toml::table* names = sdk::toml_subtable(r, "key_figure_names", !cfg_.published_key_figures.empty())) {
                sdk::ConfigReader n = sdk::toml_reader(issues_, *names, "publishing.key_figure_names");
                for (const auto& key : cfg_.published_key_figures)
                    if (auto name = n.string(key, true)) cfg_.key_figure_names[key] = *name;
                n.finish();
            }
            read_publishing_site(r, cfg_);
            r.finish();
        }
        if (const toml::table* c = sdk::toml_subtable(root, "compilation", false)) {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *c, "compilation");
            cfg_.compilation.proposed_decision = r.string("proposed_decision", false).value_or("");
            cfg_.compilation.consequences_children = r.string("consequences_children", false).value_or("");
            cfg_.compilation.consequences_economy = r.string("consequences_economy", false).value_or("");
            cfg_.compilation.max_table_rows = static_cast<std::size_t>(r.integer("max_table_rows", 10, 1000000, false).value_or(1000));
            cfg_.compilation.max_printed_rows =
                static_cast<std::size_t>(r.integer("max_printed_rows", 5, 1000000, false).value_or(static_cast<std::int64_t>(cfg_.compilation.max_printed_rows)));
            cfg_.compilation.reference = r.string("reference", false).value_or("");
            cfg_.compilation.on_time_percent =
                static_cast<int>(r.integer("on_time_percent", 1, 100, false).value_or(cfg_.compilation.on_time_percent));
            if (const auto by = r.string("plans_reported_by", false)) {
                unsigned m = 0, d = 0;
                char dash = 0;
                std::istringstream in(*by);
                const bool read = by->size() == 5 && (in >> m >> dash >> d) && dash == '-' && in.eof();
                const std::chrono::month_day day{std::chrono::month{m}, std::chrono::day{d}};
                if (read && day.ok() && !(m == 2 && d == 29)) cfg_.compilation.plans_reported_by = day;
                else
                    sdk::error_at(r, "plans_reported_by", sdk::toml_table(r).get("plans_reported_by"),
                                  fmt::format("found \"{}\"; expected the day of the year as MM-DD, e.g. \"03-31\"", *by));
            }
            r.tables("signatory", [&](sdk::ConfigReader& t, std::size_t) {
                CompilationTexts::Signatory who;
                who.name = t.string("name", true).value_or("");
                who.title = t.string("title", true).value_or("");
                who.office = t.string("office", false).value_or("");
                cfg_.compilation.signatories.push_back(std::move(who));
            });
            r.finish();
        }
        root.tables("quality_bonus", [&](sdk::ConfigReader& r, std::size_t) {
            QualityBonusRule rule;
            rule.area_id = r.string("area", true).value_or("");
            if (!rule.area_id.empty()) refer(r, "area", "area", rule.area_id);
            rule.amount = static_cast<double>(r.integer("amount", 0, 100000000, true).value_or(0));
            rule.max_grade = r.string("max_grade", true).value_or("");
            bonus_grades_.push_back(here(r, "max_grade"));
            rule.indicator = r.string("indicator", false);
            bonus_indicators_.push_back(here(r, "indicator"));
            if (rule.indicator) refer(r, "indicator", "key figure", *rule.indicator);
            if (const toml::node* v = sdk::toml_table(r).get("min_value")) {
                r.allow("min_value");
                if (v->is_number()) rule.min_value = v->value<double>().value_or(0);
                else sdk::error_at(r, "min_value", v, "expected a number");
            }
            rule.min_answers = static_cast<int>(r.integer("min_answers", 0, 100000, false).value_or(0));
            cfg_.quality_bonus.push_back(std::move(rule));
        });
        root.tables("scales", [&](sdk::ConfigReader& r, std::size_t) { read_scale(r); });
        root.tables("areas", [&](sdk::ConfigReader& r, std::size_t) { read_area(r, nullptr); });
        root.tables("conditions", [&](sdk::ConfigReader& r, std::size_t) { read_condition(r, false); });
        root.tables("operations", [&](sdk::ConfigReader& r, std::size_t) {
            Operation op;
            op.id = r.string("id", true).value_or("");
            if (!op.id.empty()) define(r, "operation", op.id);
            op.name = r.string("name", true).value_or("");
            op.provider = r.string("provider", true).value_or("");
            op.areas = r.strings("areas", false);
            for (const auto& a : op.areas) refer(r, "areas", "area", a);
            op.units = r.strings("units", false);
            cfg_.operations.push_back(std::move(op));
        });
        root.tables("inspectors", [&](sdk::ConfigReader& r, std::size_t) { read_inspector(r, nullptr); });
        root.tables("officers", [&](sdk::ConfigReader& r, std::size_t) { read_officer(r); });
        root.tables("key_figures", [&](sdk::ConfigReader& r, std::size_t) { read_key_figure(r); });
        root.finish();
    }

    /// Moves the [model] table out of `table` (which the caller drops): a copy of a toml++ node
    /// loses its place in the file, and the model's problems are reported by line and column.
    void read_board_file(toml::table& table, const std::string& file) {
        FileScope scope(*this, file);
        sdk::ConfigReader root = sdk::toml_reader(issues_, table, "");
        const toml::table* b = sdk::toml_subtable(root, "board", true);
        if (b == nullptr) {
            root.finish();
            return;
        }
        BoardSettings board;
        board.origin = {file, b->source().begin.line, b->source().begin.column};
        {
            sdk::ConfigReader r = sdk::toml_reader(issues_, *b, "board");
            board.board.id = r.string("id", true).value_or("");
            if (!board.board.id.empty()) define(r, "board", board.board.id);
            board.board.name = r.string("name", true).value_or("");
            board.plugin_id = r.string("plugin", true).value_or("");
            // Optional: a board without one grades on its model's scale (a plugin may ship its own).
            board.scale_id = r.string("scale", false).value_or("");
            if (!board.scale_id.empty()) refer(r, "scale", "scale", board.scale_id);
            // A board's follow-up plan was once two dates here; it is a record of the register
            // now, per kundval area and year (seed 000), audited like every record, so that a
            // compilation never takes one year's dates for another's.
            for (const char* key : {"plan_adopted", "plan_reported"})
                if (const toml::node* node = sdk::toml_table(r).get(key)) {
                    r.allow(key);
                    sdk::error_at(r, key, node,
                                  "a board's follow-up plan is a record of the register, per kundval area and year, not a setting; "
                                  "expected the key removed and the plan imported (`followup import plans`, docs/data.md)");
                }
            board.signatory = r.string("signatory", false).value_or("");
            board.signatory_title = r.string("signatory_title", false).value_or("");
            if (const toml::node* steps = sdk::toml_table(r).get("recorded_steps")) {
                r.allow("recorded_steps");
                std::string found;  // what is wrong, in the reader's words; empty when nothing
                if (const toml::array* list = steps->as_array(); list == nullptr) {
                    found = "a value that is not a list";
                } else {
                    for (std::size_t i = 0; i < list->size() && found.empty(); ++i) {
                        const auto n = (*list)[i].value<std::int64_t>();
                        if (!(*list)[i].is_integer() || !n) found = fmt::format("element {}, which is not a whole number", i + 1);
                        else if (*n < 1 || *n > 99) found = fmt::format("step {}", *n);
                        else if (std::find(board.recorded_steps.begin(), board.recorded_steps.end(), *n) != board.recorded_steps.end())
                            found = fmt::format("step {} twice", *n);
                        else board.recorded_steps.push_back(static_cast<int>(*n));
                    }
                }
                if (!found.empty()) {
                    board.recorded_steps.clear();
                    sdk::error_at(r, "recorded_steps", steps,
                                  fmt::format("found {}; expected a list of the numbers of the process steps the board records "
                                              "itself, each from 1 to 99 and once, e.g. [1, 3, 6, 7, 8]",
                                              found));
                }
            }
            if (auto sha = r.string("plugin_sha256", false)) {
                const bool hex = sha->size() == 64 && std::all_of(sha->begin(), sha->end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                });
                if (hex)
                    board.plugin_sha256 = *sha;
                else
                    sdk::error_at(r, "plugin_sha256", sdk::toml_table(r).get("plugin_sha256"),
                            fmt::format("found \"{}\"; expected 64 hexadecimal digits (sha256sum of the plugin's library)", *sha));
            }
            r.finish();
        }
        const std::string board_id = board.board.id;
        root.tables("forms", [&](sdk::ConfigReader& r, std::size_t) {
            sdk::FollowUpForm form;
            form.id = r.string("id", true).value_or("");
            if (!form.id.empty()) define(r, "form of board " + board_id, form.id);
            form.name = r.string("name", true).value_or("");
            form.may_sanction = r.boolean("may_sanction").value_or(false);
            form.description = r.string("description", false).value_or("");
            form.visit = r.boolean("visit").value_or(true);
            form.unannounced = r.boolean("unannounced").value_or(false);
            // Without a `basis`, a visit verifies and anything else is the provider's word.
            const auto basis = r.choice("basis", {"visit", "document", "statement", "none"}, false);
            if (!form.id.empty()) board.form_basis[form.id] = basis.value_or(form.visit ? "visit" : "statement");
            const auto level = r.choice("level", {"unit", "provider"}, false);
            if (!form.id.empty()) board.form_level[form.id] = level.value_or(form.visit ? "unit" : "provider");
            if (r.contains("ownership")) {
                std::vector<std::string> owners = r.strings("ownership", false);
                for (std::size_t i = 0; i < owners.size(); ++i)
                    if (owners[i] != "private" && owners[i] != "non_profit" && owners[i] != "municipal")
                        r.error("ownership[" + std::to_string(i) + "]",
                                "found \"" + owners[i] + "\"; expected private, non_profit or municipal");
                if (!form.id.empty()) board.form_ownership[form.id] = std::move(owners);
            }
            board.forms.push_back(std::move(form));
        });
        root.table("signal_kinds", false, [&](sdk::ConfigReader& r) {
            for (const auto& kind : r.keys())
                if (auto name = r.string(kind, true)) board.signal_kind_names[kind] = *name;
        });
        root.tables("areas", [&](sdk::ConfigReader& r, std::size_t) { read_area(r, &board_id); });
        root.tables("conditions", [&](sdk::ConfigReader& r, std::size_t) { read_condition(r, true); });
        root.tables("schedule", [&](sdk::ConfigReader& r, std::size_t) { read_schedule(r, board_id); });
        root.tables("sanction_ladders", [&](sdk::ConfigReader& r, std::size_t) { read_ladder(r); });
        root.tables("inspectors", [&](sdk::ConfigReader& r, std::size_t) { read_inspector(r, &board_id); });
        root.tables("key_figures", [&](sdk::ConfigReader& r, std::size_t) { read_key_figure(r); });
        if (const toml::table* model = sdk::toml_subtable(root, "model", false))
            if (toml::table* owned = table.get_as<toml::table>("model"); owned != nullptr && owned == model) board.model = std::move(*owned);
        root.finish();
        cfg_.boards.push_back(std::move(board));
    }

    void read_scale(sdk::ConfigReader& r) {
        const auto id = r.string("id", true);
        const auto name = r.string("name", true);
        std::vector<sdk::GradeLevel> levels;
        r.tables("levels", [&](sdk::ConfigReader& level_reader, std::size_t) {
            sdk::GradeLevel level;
            level.id = level_reader.string("id", true).value_or("");
            level.label_sv = level_reader.string("sv", true).value_or("");
            level.label_en = level_reader.string("en", true).value_or("");
            level.deficiency = level_reader.boolean("deficiency").value_or(false);
            level.severity = static_cast<int>(level_reader.integer("severity", 0, 100, false).value_or(0));
            levels.push_back(std::move(level));
        });
        if (!id || !name) return;
        if (cfg_.scales.find(*id) != nullptr) {
            sdk::error_at(r, "id", sdk::toml_table(r).get("id"), fmt::format("grading scale '{}' is already defined (built in or above); "
                                                         "expected a new id", *id));
            return;
        }
        try {
            cfg_.scales.add(sdk::GradingScale(*id, *name, std::move(levels)));
        } catch (const sdk::InvalidArgument& e) {
            sdk::error_at(r, "levels", sdk::toml_table(r).get("levels"), e.what());
        }
    }

    void read_area(sdk::ConfigReader& r, const std::string* file_board) {
        sdk::Area area;
        area.id = r.string("id", true).value_or("");
        if (!area.id.empty()) define(r, "area", area.id);
        area.name = r.string("name", true).value_or("");
        auto board = r.string("board", file_board == nullptr);
        area.board_id = board ? *board : (file_board != nullptr ? *file_board : "");
        if (board) refer(r, "board", "board", *board);
        if (board && file_board != nullptr && *board != *file_board)
            sdk::error_at(r, "board", sdk::toml_table(r).get("board"),
                    fmt::format("found \"{}\" in the file of board '{}'; an area belongs in its own board's file",
                                *board, *file_board));
        if (auto basis = r.choice("legal_basis", legal_bases, true)) area.legal_basis = *sdk::legal_basis_from_string(*basis);
        cfg_.areas.push_back(std::move(area));
    }

    void read_condition(sdk::ConfigReader& r, bool specific) {
        sdk::AuthorizationCondition condition;
        condition.id = r.string("id", true).value_or("");
        if (!condition.id.empty()) define(r, "condition", condition.id);
        condition.text = r.string("text", true).value_or("");
        if (specific) {
            condition.area_id = r.string("area", true).value_or("");
            if (!condition.area_id.empty()) refer(r, "area", "area", condition.area_id);
        } else if (sdk::toml_table(r).contains("area")) {
            r.allow("area");
            sdk::error_at(r, "area", sdk::toml_table(r).get("area"),
                    "a general condition (in the municipality file) applies to every area; put a condition for "
                    "one area in its board's file");
        }
        const auto checked = r.strings("checked", true);
        for (std::size_t i = 0; i < checked.size(); ++i) {
            if (auto point = sdk::check_point_from_string(checked[i]))
                condition.checked.push_back(*point);
            else
                sdk::error_at(r, fmt::format("checked[{}]", i), sdk::toml_table(r).get("checked")->as_array()->get(i),
                        not_one_of(checked[i], check_points));
        }
        condition.evidence = r.string("evidence", false).value_or("");
        cfg_.conditions.push_back(std::move(condition));
    }

    void read_schedule(sdk::ConfigReader& r, const std::string& board_id) {
        ScheduleRule rule;
        rule.area_id = r.string("area", true).value_or("");
        if (!rule.area_id.empty()) refer(r, "area", "area", rule.area_id);
        rule.form_id = r.string("form", true).value_or("");
        if (!rule.form_id.empty()) refer(r, "form", "form of board " + board_id, rule.form_id);
        rule.interval_months = static_cast<int>(r.integer("interval_months", 1, 240, true).value_or(24));
        if (const toml::node* window = sdk::toml_table(r).get("recheck_window_months")) {
            r.allow("recheck_window_months");
            const toml::array* pair = window->as_array();
            if (pair == nullptr || pair->size() != 2 || !pair->get(0)->is_integer() || !pair->get(1)->is_integer()) {
                sdk::error_at(r, "recheck_window_months", window, "expected two integers [earliest, latest], e.g. [1, 6]");
            } else {
                const auto lo = *pair->get(0)->value<std::int64_t>(), hi = *pair->get(1)->value<std::int64_t>();
                if (lo < 0 || hi < 1 || lo > hi || hi > 60)
                    sdk::error_at(r, "recheck_window_months", window,
                            fmt::format("found [{}, {}], an impossible window; expected 0 <= earliest <= latest <= 60 "
                                        "months, e.g. [1, 6]",
                                        lo, hi));
                else
                    rule.recheck_min_months = static_cast<int>(lo), rule.recheck_max_months = static_cast<int>(hi);
            }
        }
        rule.after_remedy_months = static_cast<int>(r.integer("after_remedy_months", 1, 240, false).value_or(12));
        rule.first_follow_up_months = static_cast<int>(r.integer("first_follow_up_months", 1, 60, false).value_or(12));
        if (auto days = r.integer("signal_days", 1, 365, false)) rule.signal_days = static_cast<int>(*days);
        cfg_.schedule.push_back(std::move(rule));
    }

    void read_ladder(sdk::ConfigReader& r) {
        SanctionLadder ladder;
        ladder.area_id = r.string("area", true).value_or("");
        if (!ladder.area_id.empty()) refer(r, "area", "area", ladder.area_id);
        const auto steps = r.strings("steps", true);
        for (std::size_t i = 0; i < steps.size(); ++i) {
            auto kind = sdk::decision_kind_from_string(steps[i]);
            if (!kind) {
                sdk::error_at(r, fmt::format("steps[{}]", i), sdk::toml_table(r).get("steps")->as_array()->get(i),
                        not_one_of(steps[i], decision_kinds));
            } else if (!ladder.steps.empty() && *kind <= ladder.steps.back()) {
                sdk::error_at(r, fmt::format("steps[{}]", i), sdk::toml_table(r).get("steps")->as_array()->get(i),
                        fmt::format("\"{}\" comes after \"{}\"; expected the steps from the mildest to the most severe",
                                    steps[i], sdk::to_string(ladder.steps.back())));
            } else {
                ladder.steps.push_back(*kind);
            }
        }
        if (steps.empty() && sdk::toml_table(r).contains("steps"))
            sdk::error_at(r, "steps", sdk::toml_table(r).get("steps"), "found an empty ladder; expected at least one step");
        cfg_.sanction_ladders.push_back(std::move(ladder));
    }

    void read_inspector(sdk::ConfigReader& r, const std::string* file_board) {
        Inspector inspector;
        inspector.id = r.string("id", true).value_or("");
        if (!inspector.id.empty()) define(r, "inspector", inspector.id);
        inspector.name = r.string("name", true).value_or("");
        auto board = r.string("board", file_board == nullptr);
        inspector.board_id = board ? *board : (file_board != nullptr ? *file_board : "");
        if (board) refer(r, "board", "board", *board);
        inspector.monthly_capacity = static_cast<int>(r.integer("monthly_capacity", 0, 1000, true).value_or(0));
        inspector.disqualified = r.strings("disqualified", false);
        inspector.employed_by = r.string("employed_by", false);
        inspector.member_of = r.string("member_of", false);
        if (inspector.member_of) refer(r, "member_of", "operation", *inspector.member_of);
        cfg_.inspectors.push_back(std::move(inspector));
    }

    void read_officer(sdk::ConfigReader& r) {
        Officer officer;
        officer.id = r.string("id", true).value_or("");
        if (!officer.id.empty()) define(r, "officer", officer.id);
        officer.name = r.string("name", true).value_or("");
        officer.boards = r.strings("boards", true);
        for (const auto& b : officer.boards) refer(r, "boards", "board", b);
        cfg_.officers.push_back(std::move(officer));
    }

    /// [[key_figures]]: a key figure's id and its unit. The unit has no default: it is what the
    /// import checks every value against (a share above 100 is refused), and a guess would let
    /// through exactly the values the declaration is there to stop. No configuration breaks for
    /// it: [[key_figures]] came with the unit, so every table written has had to say it.
    void read_key_figure(sdk::ConfigReader& r) {
        KeyFigure figure;
        figure.id = r.string("id", true).value_or("");
        if (!figure.id.empty()) define(r, "key figure", figure.id);
        const Diagnostic at = here(r, "id");
        figure.origin = {at.file, at.line, at.column};
        static const std::vector<std::string> units{"share", "count", "hours"};
        std::optional<KeyFigureUnit> unit;
        if (auto written = r.string("unit", false)) {
            if (*written == "share") unit = KeyFigureUnit::share;
            else if (*written == "count") unit = KeyFigureUnit::count;
            else if (*written == "hours") unit = KeyFigureUnit::hours;
            // "%" is how a board's [[model.indicators]] writes the unit a reader sees.
            else r.error("unit", not_one_of(*written, units) + (*written == "%" ? " (a percentage is a share)" : ""));
        } else if (!r.contains("unit")) {
            r.error("unit", "missing; expected one of: share (a percentage from 0 to 100), count, hours (each 0 or more)");
        }
        if (figure.id.empty() || !unit) return;
        figure.unit = *unit;
        cfg_.key_figures.push_back(std::move(figure));
    }

    void check_references() {
        for (Reference& ref : references_) {
            bool known = false;
            std::vector<std::string> candidates;
            if (ref.kind == "scale") {
                known = cfg_.scales.find(ref.id) != nullptr;
                candidates = cfg_.scales.ids();
            } else {
                const auto& defined = definitions_[ref.kind];
                known = defined.count(ref.id) > 0;
                for (const auto& [id, where] : defined) candidates.push_back(id);
            }
            if (known) continue;
            std::string what = ref.kind.starts_with("form of board ") ? "form" : ref.kind;
            ref.at.message = fmt::format("names {} '{}', which is not defined", what, ref.id);
            if (auto guess = closest(ref.id, candidates))
                ref.at.message += fmt::format("; did you mean '{}'?", *guess);
            else if (!candidates.empty())
                ref.at.message += fmt::format("; expected one of: {}", fmt::join(candidates, ", "));
            // A configuration from before [[key_figures]] declares none: say where one goes.
            if (ref.kind == "key figure") ref.at.message += " (a key figure is declared in [[key_figures]] with its unit)";
            diags_.push_back(std::move(ref.at));
        }
    }

    /// While a file is read, its readers' issues collect in issues_; leaving the scope moves
    /// them into the diagnostics with the file's name.
    struct FileScope {
        Loader& loader;
        FileScope(Loader& l, std::string file) : loader(l) { loader.current_file_ = std::move(file); }
        ~FileScope() {
            for (auto& issue : loader.issues_)
                loader.diags_.push_back({loader.current_file_, issue.line, issue.column, std::move(issue.key_path),
                                         std::move(issue.message), ""});
            loader.issues_.clear();
        }
    };

    MunicipalityConfig& cfg_;
    Diagnostics& diags_;
    std::string current_file_;
    std::vector<sdk::ConfigIssue> issues_;
    std::vector<Reference> references_;
    std::vector<Diagnostic> bonus_grades_;
    std::vector<Diagnostic> bonus_indicators_;  ///< where each bonus rule's indicator is, for a missing name
    std::map<std::string, std::map<std::string, Diagnostic>> definitions_;
};

}  // namespace

namespace {
LoadedConfig load(const fs::path& municipality_file, const std::string* text) {
    LoadedConfig out;
    Loader(out).run(municipality_file, text);
    // Files in the order they were read, each from top to bottom, so an administrator can work
    // down each file.
    std::map<std::string, std::size_t> file_rank;
    for (const Diagnostic& d : out.diagnostics) file_rank.emplace(d.file, file_rank.size());
    std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        return std::tuple(file_rank[a.file], a.line, a.column) < std::tuple(file_rank[b.file], b.line, b.column);
    });
    return out;
}
}  // namespace

LoadedConfig load_configuration(const fs::path& municipality_file) { return load(municipality_file, nullptr); }

LoadedConfig load_configuration_text(const std::string& text, const fs::path& as_file) { return load(as_file, &text); }

}  // namespace followup::core
