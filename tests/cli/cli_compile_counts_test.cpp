// One count per fact (issue 28, point 4): the compilation's figures recomputed from the register
// with SQL written here, not with the project's code, on the small fixture register and on the
// README's example (seed 1), and every figure the compilation shows more than once shown the same
// everywhere: the decision document beside its appendices and beside itself.
//
// The definitions the SQL below encodes are the ones docs/compilation.md ("How each figure is
// counted") gives, for the year 2025:
// - a provider is counted in an area when one of its authorizations there was in force on some
//   day of the year: granted on or before 31 December and not ended by 1 January (the end day is
//   the first day without it); a revoked authorization without an end date counts for no day;
// - in a board's or the municipality's figures, a provider in several areas is one provider;
// - followed up: a follow-up in the area done in the year; with deficiencies: one of those has a
//   finding graded at a level that is a deficiency (the built-in scales' "mindre_brist",
//   "allvarlig_brist", "delvis_uppfyllt", "ej_uppfyllt");
// - authorizations granted / ended in the year by their dates; revoked: ended in the year with
//   the status "revoked";
// - follow-ups planned: of the counted providers, planned to start in the year and not cancelled;
//   done: done in the year.
// The register is read with the sqlite3 shell, as a user checking the document would.
#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using nlohmann::json;

namespace {

constexpr const char* year_from = "2025-01-01";
constexpr const char* year_to = "2025-12-31";

/// The areas of each board of the example configuration, read from its board files ([board] id,
/// [[areas]] id), not from the compilation.
std::map<std::string, std::vector<std::string>> boards_and_areas() {
    const fs::path config = example_config();
    std::map<std::string, std::vector<std::string>> out;
    const std::string top = read_file(config);
    const std::regex include("\"(boards/[a-z_]+\\.toml)\"");
    for (auto it = std::sregex_iterator(top.begin(), top.end(), include); it != std::sregex_iterator(); ++it) {
        std::istringstream file(read_file(config.parent_path() / (*it)[1].str()));
        std::string line, table, board;
        const std::regex id("^id = \"([a-z_0-9]+)\"");
        std::smatch m;
        while (std::getline(file, line)) {
            if (line.starts_with("[")) table = line;
            else if (std::regex_search(line, m, id)) {
                if (table == "[board]") {
                    board = m[1].str();
                    out[board] = {};
                } else if (table == "[[areas]]") out[board].push_back(m[1].str());
            }
        }
    }
    return out;
}

/// "'a', 'b'" for an SQL list.
std::string sql_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "'" : ", '") + i + "'";
    return out;
}

/// The providers counted in the given areas, as a subquery of (provider, area).
std::string counted(const std::vector<std::string>& areas) {
    return std::string("SELECT DISTINCT provider, area FROM authorizations WHERE area IN (") + sql_list(areas) + ") AND granted <= '" + year_to +
           "' AND ((NULLIF(ended, '') IS NULL AND status <> 'revoked') OR NULLIF(ended, '') > '" + year_from + "')";
}

/// A follow-up done in the year, of the provider and area of `c`.
std::string done_in_year(const std::string& c) {
    return "SELECT 1 FROM follow_ups f WHERE f.provider = " + c + ".provider AND f.area = " + c + ".area AND f.status = 'done' AND f.done BETWEEN '" +
           year_from + "' AND '" + year_to + "'";
}

/// The figures of a set of areas, in one row: providers (distinct), followed up, with
/// deficiencies, their units, granted, ended, revoked, follow-ups planned, done.
struct SqlFigures {
    long providers = 0, followed_up = 0, deficient = 0, units = 0, granted = 0, ended = 0, revoked = 0, planned = 0, done = 0;
};

SqlFigures sql_figures(const TestRegister& db, const std::vector<std::string>& areas, const std::string& ownership = "") {
    const std::string c = "(" + counted(areas) + ")";
    const std::string owned = ownership.empty() ? "" : " AND c.provider IN (SELECT org_number FROM providers WHERE ownership = '" + ownership + "')";
    // Deficient: a finding graded so, or a deficiency the board's model found where no finding
    // records it (a targeted supervision's documents), which opens a case all the same.
    const std::string deficient_grades = "('mindre_brist', 'allvarlig_brist', 'delvis_uppfyllt', 'ej_uppfyllt')";
    const std::string deficient_follow_up =
        done_in_year("c") + " AND (EXISTS (SELECT 1 FROM findings fi WHERE fi.follow_up = f.id AND fi.grade IN " + deficient_grades +
        ") OR EXISTS (SELECT 1 FROM assessment_deficiencies d WHERE d.follow_up = f.id AND d.grade IN " + deficient_grades + "))";
    const std::string in_areas = "area IN (" + sql_list(areas) + ")";
    const std::string query =
        "WITH c AS " + c + "\n"
        "SELECT (SELECT count(DISTINCT provider) FROM c WHERE 1 = 1" + owned + "),\n"
        " (SELECT count(DISTINCT provider) FROM c WHERE EXISTS (" + done_in_year("c") + ")" + owned + "),\n"
        " (SELECT count(DISTINCT provider) FROM c WHERE EXISTS (" + deficient_follow_up + ")" + owned + "),\n"
        " (SELECT count(*) FROM units WHERE provider IN (SELECT provider FROM c WHERE 1 = 1" + owned + ")),\n"
        " (SELECT count(*) FROM authorizations WHERE " + in_areas + " AND substr(granted, 1, 4) = '2025'),\n"
        " (SELECT count(*) FROM authorizations WHERE " + in_areas + " AND substr(ended, 1, 4) = '2025'),\n"
        " (SELECT count(*) FROM authorizations WHERE " + in_areas + " AND substr(ended, 1, 4) = '2025' AND status = 'revoked'),\n"
        " (SELECT count(*) FROM follow_ups f JOIN c ON c.provider = f.provider AND c.area = f.area WHERE f.status <> 'cancelled' AND "
        "substr(f.planned_from, 1, 4) = '2025'),\n"
        " (SELECT count(*) FROM follow_ups f JOIN c ON c.provider = f.provider AND c.area = f.area WHERE f.status = 'done' AND "
        "f.done BETWEEN '" + year_from + "' AND '" + year_to + "');";
    const CommandResult r = db.sql(query);
    SqlFigures out;
    std::istringstream line(r.output);
    char bar = 0;
    line >> out.providers >> bar >> out.followed_up >> bar >> out.deficient >> bar >> out.units >> bar >> out.granted >> bar >> out.ended >> bar >>
        out.revoked >> bar >> out.planned >> bar >> out.done;
    EXPECT_TRUE(line) << "sqlite3 said: " << r.output;
    return out;
}

// ---- reading the compilation's JSON ----

/// The number a cell shows, from its value; -1 when it shows none.
long cell_number(const json& cell) { return cell.contains("value") ? std::lround(cell["value"].get<double>()) : -1; }

void all_sections(const json& sections, std::vector<const json*>& out) {
    for (const auto& s : sections) {
        out.push_back(&s);
        all_sections(s["sections"], out);
    }
}

const json* table_with_id(const json& doc, const std::string& id) {
    std::vector<const json*> sections;
    all_sections(doc["sections"], sections);
    for (const json* s : sections)
        for (const auto& b : (*s)["blocks"])
            if (b["type"] == "table" && b["id"] == id) return &b;
    return nullptr;
}

const json* section_with_id(const json& doc, const std::string& id) {
    std::vector<const json*> sections;
    all_sections(doc["sections"], sections);
    for (const json* s : sections)
        if ((*s)["id"] == id) return s;
    return nullptr;
}

/// Every paragraph of a section and the sections in it.
std::string paragraphs(const json& section) {
    std::string out;
    std::vector<const json*> sections{&section};
    all_sections(section["sections"], sections);
    for (const json* s : sections)
        for (const auto& b : (*s)["blocks"])
            if (b["type"] == "paragraph") out += b["text"].get<std::string>() + "\n";
    return out;
}

/// A table's value in the row whose first cell has `row_id`, under the column named `column`.
long figure(const json& table, const std::string& row_id, const std::string& column) {
    const auto& columns = table["columns"];
    const auto at = std::find(columns.begin(), columns.end(), column);
    if (at == columns.end()) {
        ADD_FAILURE() << "table " << table["id"] << " has no column '" << column << "': " << columns.dump();
        return -1;
    }
    const auto index = static_cast<std::size_t>(at - columns.begin());
    for (const auto& row : table["rows"])
        if (row[0].value("id", "") == row_id) return cell_number(row[index]);
    ADD_FAILURE() << "table " << table["id"] << " has no row for '" << row_id << "'";
    return -1;
}

struct Compiled {
    TempDir dir;
    TestRegister db{dir / "r.sqlite", Engine::sqlite};
    json doc;
};

/// A register made by `fill`, compiled for 2025 as JSON.
template <class Fill>
void compile(Compiled& c, Fill fill) {
    auto followup = [&](const std::string& args) { return followup_command(example_config(), c.db, args); };
    ASSERT_TRUE(fill(followup));
    const auto compiled = run(followup("compile --year 2025 --date 2026-03-08 --format json --out " + quoted(c.dir / "out")));
    ASSERT_EQ(compiled.exit_code, 0) << compiled.output;
    c.doc = json::parse(read_file(c.dir / "out" / "samlad-uppfoljning-2025.json"));
}

/// The small fixture register (tests/fixtures/small), with `edges` a few records more, made here,
/// that the definitions decide: a provider in two areas of one board and one in areas of two
/// boards (each one provider in the board's and the municipality's figures), an authorization
/// ended on 1 January (not in force on any day of the year) and one revoked without an end date
/// (not counted), a follow-up planned in the year and done in the next (planned, not done).
void compile_small_fixture(Compiled& c, bool edges) {
    compile(c, [&](const auto& followup) {
        testing::AssertionResult imported = import_small_fixture(followup);
        if (!imported || !edges) return imported;
        // Each follow-up is of a unit in its own area (the register refuses any other).
        write_file(c.dir / "units.csv", "id;provider;name;address;area;registered_persons\n"
                                        "e1;559000-0005;Hemtjänsten Ekorren;Skolvägen 1;hemtjanst;\n"
                                        "e2;559000-0013;Dagbarnvårdaren;Skolvägen 2;pedagogisk_omsorg;3\n");
        write_file(c.dir / "authorizations.csv", "provider;area;granted;status;ended\n"
                                                 "559000-0005;hemtjanst;2020-01-01;active;\n"
                                                 "559000-0013;pedagogisk_omsorg;2021-03-01;active;\n"
                                                 "559000-0021;kulturskola;2019-01-01;revoked;\n"
                                                 "559000-0039;hemtjanst;2019-01-01;active;2025-01-01\n");
        write_file(c.dir / "follow_ups.csv",
                   "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                   "x1;559000-0005;e1;hemtjanst;kvalitetsgranskning;2025-03-01;2025-03-31;2025-03-12;done;aldre_eva;planned\n"
                   "x2;559000-0005;u0;forskola;tillsyn;2025-11-01;2025-12-15;2026-01-15;done;utb_ingrid;planned\n"
                   "x3;559000-0013;e2;pedagogisk_omsorg;tillsyn;2025-04-01;2025-04-30;2025-04-10;done;utb_sara;planned\n");
        write_file(c.dir / "findings.csv", "follow_up;condition;scale;grade;text;basis\n"
                                           "x1;hemtjanst_kompetens;uppfyllt3;ej_uppfyllt;;besök\n"
                                           "x3;pedagogisk_verksamhet;tillsyn4;mindre_brist;;besök\n");
        for (const char* kind : {"units", "authorizations", "follow_ups", "findings"}) {
            const auto r = run(followup(std::string("import ") + kind + " " + quoted(c.dir / (std::string(kind) + ".csv"))));
            if (r.exit_code != 0) return testing::AssertionFailure() << "import " << kind << ": " << r.output;
        }
        return testing::AssertionSuccess();
    });
}

void compile_readme_example(Compiled& c) {
    compile(c, [&](const auto& followup) {
        // The README's main job, with the models in followup's own process: the same register
        // (a model's state has one semantics in both modes, sdk/plugin.hpp), a twentieth of the
        // time. cli_demo_test runs the isolated path.
        const auto generated =
            run(followup("--trust-plugins demo generate --scale municipality --seed 1 --out " + quoted(c.dir / "demo") + " --import"));
        return generated.exit_code == 0 ? testing::AssertionSuccess() : testing::AssertionFailure() << generated.output;
    });
}

// ---- (a) the decision document's figures against the register ----

void expect_figures_match_the_register(const Compiled& c) {
    const auto boards = boards_and_areas();
    ASSERT_FALSE(boards.empty());
    const json* per_area = table_with_id(c.doc, "providers-per-area");
    ASSERT_NE(per_area, nullptr) << "the decision document's table per area";
    const std::string P = "Anordnare", F = "Uppföljda", D = "Med brister", G = "Beviljade", E = "Upphörda", R = "varav återkallade";
    std::vector<std::string> every_area;
    SqlFigures sum;  // authorizations are counted per area: their sums are the municipality's
    for (const auto& [board, areas] : boards) {
        for (const auto& area : areas) {
            SCOPED_TRACE("area " + area);
            every_area.push_back(area);
            const SqlFigures want = sql_figures(c.db, {area});
            EXPECT_EQ(figure(*per_area, area, P), want.providers);
            EXPECT_EQ(figure(*per_area, area, F), want.followed_up);
            EXPECT_EQ(figure(*per_area, area, D), want.deficient);
            EXPECT_EQ(figure(*per_area, area, G), want.granted);
            EXPECT_EQ(figure(*per_area, area, E), want.ended);
            EXPECT_EQ(figure(*per_area, area, R), want.revoked);
            sum.granted += want.granted, sum.ended += want.ended, sum.revoked += want.revoked;
        }
        SCOPED_TRACE("board " + board);
        // The board's key figures in the decision document: each provider once.
        const SqlFigures want = sql_figures(c.db, areas);
        const json* key = table_with_id(c.doc, board + "-key-figures");
        ASSERT_NE(key, nullptr);
        ASSERT_EQ((*key)["rows"].size(), 1u);
        const auto& row = (*key)["rows"][0];
        auto column = [&](const std::string& name) {
            const auto& cols = (*key)["columns"];
            return cell_number(row[static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin())]);
        };
        EXPECT_EQ(column(P), want.providers);
        EXPECT_EQ(column(F), want.followed_up);
        EXPECT_EQ(column(D), want.deficient);
        EXPECT_EQ(column(G), want.granted);
        EXPECT_EQ(column(E), want.ended);
        // Follow-ups planned and done, as the board's appendix totals them.
        if (const json* forms = table_with_id(c.doc, board + "-follow-ups-per-form"); forms != nullptr) {
            EXPECT_EQ(figure(*forms, board, "Planerade"), want.planned);
            EXPECT_EQ(figure(*forms, board, "Genomförda"), want.done);
        } else {
            ADD_FAILURE() << "no table of follow-ups per form for " << board;
        }
    }
    // The municipality: the summary, the authorizations sentence, the crisis section and the
    // table by ownership, each provider once.
    const SqlFigures all = sql_figures(c.db, every_area);
    const std::string text = paragraphs(*section_with_id(c.doc, "summary")) + paragraphs(*section_with_id(c.doc, "cross-board")) +
                             paragraphs(*section_with_id(c.doc, "crisis-preparedness"));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(text, m, std::regex("I ([0-9]+) kundvalsområden finns ([0-9]+) anordnare, varav ([0-9]+) följdes upp under året "
                                                      "\\([^)]*\\) och ([0-9]+) hade brister")))
        << text;
    EXPECT_EQ(std::stol(m[1]), static_cast<long>(every_area.size()));
    EXPECT_EQ(std::stol(m[2]), all.providers) << "the summary's providers";
    EXPECT_EQ(std::stol(m[3]), all.followed_up) << "the summary's providers followed up";
    EXPECT_EQ(std::stol(m[4]), all.deficient) << "the summary's providers with deficiencies";
    ASSERT_TRUE(std::regex_search(text, m, std::regex("beviljades ([0-9]+) auktorisationer och ([0-9]+) upphörde, varav ([0-9]+) genom återkallelse")))
        << text;
    EXPECT_EQ(std::stol(m[1]), sum.granted);
    EXPECT_EQ(std::stol(m[2]), sum.ended);
    EXPECT_EQ(std::stol(m[3]), sum.revoked);
    ASSERT_TRUE(std::regex_search(text, m, std::regex("([0-9]+) av ([0-9]+) anordnare har en kontinuitetsplan"))) << text;
    EXPECT_EQ(std::stol(m[2]), all.providers) << "the crisis section's providers";
    const CommandResult with_plan = c.db.sql("SELECT count(*) FROM providers WHERE NULLIF(continuity_plan, '') IS NOT NULL AND org_number IN (SELECT provider FROM (" +
                                             counted(every_area) + "));");
    EXPECT_EQ(std::stol(m[1]), std::stol(with_plan.output)) << "providers with a continuity plan";
    // By ownership: every organisation once, with all its units (the municipality is one provider).
    const json* owners = table_with_id(c.doc, "by-ownership");
    ASSERT_NE(owners, nullptr);
    for (const char* ownership : {"private", "non_profit", "municipal"}) {
        SCOPED_TRACE(std::string("ownership ") + ownership);
        const SqlFigures want = sql_figures(c.db, every_area, ownership);
        // The row by the ownership's id, else (a document that does not name it) by its place.
        long providers = -1, units = -1, followed = -1;
        const auto& cols = (*owners)["columns"];
        auto col = [&](const std::string& name) { return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin()); };
        const std::map<std::string, std::size_t> place{{"private", 0}, {"non_profit", 1}, {"municipal", 2}};
        for (std::size_t i = 0; i < (*owners)["rows"].size(); ++i) {
            const auto& row = (*owners)["rows"][i];
            if (row[0].value("id", "") != ownership && !(row[0].value("id", "").empty() && i == place.at(ownership))) continue;
            providers = cell_number(row[col(P)]);
            units = col("Enheter") < cols.size() ? cell_number(row[col("Enheter")]) : -1;
            followed = cell_number(row[col(F)]);
        }
        EXPECT_EQ(providers, want.providers);
        EXPECT_EQ(units, want.units) << "the providers' units";
        EXPECT_EQ(followed, want.followed_up);
    }
}

// ---- (b) one figure, one value, wherever the compilation shows it ----

/// Every number a table shows against a named row: (the ids of the row's named cells, the
/// column) → the values shown, with where.
using Shown = std::map<std::pair<std::string, std::string>, std::vector<std::pair<long, std::string>>>;

void collect(const json& section, bool in_appendix, Shown& shown) {
    const bool appendix = in_appendix || section["id"] == "appendices";
    for (const auto& b : section["blocks"]) {
        if (b["type"] != "table") continue;
        // A board's key figures are its one row: the board is the row.
        const std::string id = b["id"];
        const std::string key_suffix = "-key-figures";
        const bool key_figures = id.size() > key_suffix.size() && id.ends_with(key_suffix);
        for (const auto& row : b["rows"]) {
            std::string key = key_figures ? id.substr(0, id.size() - key_suffix.size()) : "";
            for (const auto& cell : row)
                if (!cell.value("id", "").empty()) key += (key.empty() ? "" : "|") + cell["id"].get<std::string>();
            if (key.empty()) continue;
            for (std::size_t i = 0; i < row.size() && i < b["columns"].size(); ++i)
                if (row[i].contains("value"))
                    shown[{key, b["columns"][i].get<std::string>()}].push_back(
                        {cell_number(row[i]), std::string(appendix ? "appendix" : "decision document") + " table " + id});
        }
    }
    for (const auto& child : section["sections"]) collect(child, appendix, shown);
}

void expect_one_value_per_figure(const Compiled& c) {
    // The decision document counts the municipality's providers once: the summary and the
    // crisis section say the same number.
    const std::string text = paragraphs(*section_with_id(c.doc, "summary")) + paragraphs(*section_with_id(c.doc, "crisis-preparedness"));
    std::smatch summary, crisis;
    ASSERT_TRUE(std::regex_search(text, summary, std::regex("finns ([0-9]+) anordnare"))) << text;
    ASSERT_TRUE(std::regex_search(text, crisis, std::regex("av ([0-9]+) anordnare har en kontinuitetsplan"))) << text;
    EXPECT_EQ(summary[1].str(), crisis[1].str()) << "the summary's providers against the crisis section's";

    Shown shown;
    for (const auto& s : c.doc["sections"]) collect(s, false, shown);
    std::size_t in_both = 0;
    for (const auto& [figure, values] : shown) {
        bool document = false, appendix = false;
        for (const auto& [value, where] : values) {
            (where.starts_with("appendix") ? appendix : document) = true;
            EXPECT_EQ(value, values.front().first) << figure.second << " of " << figure.first << ": " << values.front().second << " shows "
                                                    << values.front().first << ", " << where << " shows " << value;
        }
        in_both += document && appendix ? 1 : 0;
    }
    // Each area's and each board's figures are in both: a check that compares nothing would pass.
    const auto boards = boards_and_areas();
    std::size_t areas = 0;
    for (const auto& [board, list] : boards) areas += list.size();
    EXPECT_GE(in_both, 3 * (areas + boards.size())) << "figures shown in both the decision document and an appendix";

    // Sentences: a board's appendix that says how many providers the board has says its key figure.
    for (const auto& [board, list] : boards) {
        const json* key = table_with_id(c.doc, board + "-key-figures");
        ASSERT_NE(key, nullptr) << board;
        const long providers = cell_number((*key)["rows"][0][0]);
        const json* appendix = section_with_id(c.doc, "appendix-" + board);
        ASSERT_NE(appendix, nullptr) << board;
        const std::string said_there = paragraphs(*appendix);
        const std::regex said("([0-9]+) (anordnare|providers) i ");
        for (auto it = std::sregex_iterator(said_there.begin(), said_there.end(), said); it != std::sregex_iterator(); ++it)
            EXPECT_EQ(std::stol((*it)[1]), providers) << board << "'s appendix says \"" << (*it)[0] << "\"; its key figures say " << providers;
        // The cases the appendix's sentence counts are the ones its table per area counts.
        std::smatch m;
        if (std::regex_search(said_there, m, std::regex("Öppna ärenden: ([0-9]+)"))) {
            const json* cases = table_with_id(c.doc, board + "-cases-per-area");
            if (cases == nullptr) ADD_FAILURE() << board << "'s appendix counts open cases; no table per area shows them";
            else EXPECT_EQ(std::stol(m[1]), figure(*cases, board, "Öppna ärenden")) << board;
        }
    }
}

TEST(CliCompileCounts, TheSmallFixturesFiguresAreTheRegistersByIndependentSql) {
    Compiled c;
    ASSERT_NO_FATAL_FAILURE(compile_small_fixture(c, false));
    expect_figures_match_the_register(c);
}

TEST(CliCompileCounts, TheSmallFixturesFiguresWithEdgeCasesAreTheRegistersByIndependentSql) {
    Compiled c;
    ASSERT_NO_FATAL_FAILURE(compile_small_fixture(c, true));
    expect_figures_match_the_register(c);
}

// The README's example is generated once for both checks (a test process each would make it twice).
TEST(CliCompileCounts, TheReadmeExamplesFiguresAreTheRegistersByIndependentSqlAndEachHasOneValue) {
    Compiled c;
    ASSERT_NO_FATAL_FAILURE(compile_readme_example(c));
    {
        SCOPED_TRACE("the decision document's figures against the register");
        expect_figures_match_the_register(c);
    }
    SCOPED_TRACE("every figure with one value in the document and its appendices");
    expect_one_value_per_figure(c);
}

TEST(CliCompileCounts, EveryFigureOfTheSmallFixtureHasOneValueInTheDocumentAndItsAppendices) {
    Compiled c;
    ASSERT_NO_FATAL_FAILURE(compile_small_fixture(c, false));
    expect_one_value_per_figure(c);
}

TEST(CliCompileCounts, EveryFigureOfTheSmallFixtureWithEdgeCasesHasOneValueInTheDocumentAndItsAppendices) {
    Compiled c;
    ASSERT_NO_FATAL_FAILURE(compile_small_fixture(c, true));
    expect_one_value_per_figure(c);
}


}  // namespace
