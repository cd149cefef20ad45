// `followup compile` and `followup publish` on the example municipality with the small fixture
// register: what the executive board and residents see, checked with independent tools.
//
// The golden file tests/fixtures/small/golden-compilation-2025.json is what compile writes for
// the fixture; after an intended change, regenerate it with
//   followup --config config/municipality.toml --db R compile --year 2025 --date 2026-03-08 --format json --out DIR
// over a register R imported from tests/fixtures/small/*.csv, and review the difference.
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

const fs::path source = fs::path(FOLLOWUP_TEST_SOURCE_DIR);

/// Every test runs twice: with the boards' models isolated (the default, a child process per
/// call) and with --trust-plugins (in the host's process). A model's state has one meaning in both
/// (sdk/include/followup/sdk/plugin.hpp), so both must give the same compilation.
enum class Calls { isolated, trusted };

class CliCompile : public testing::TestWithParam<Calls> {
protected:
    /// One register and one compilation per way of calling, made by the first test of that way
    /// and read by every other.
    struct Compiled {
        TempDir dir;
        std::unique_ptr<TestRegister> register_;
        CommandResult result;
    };
    static std::map<Calls, std::unique_ptr<Compiled>>& made() {
        static std::map<Calls, std::unique_ptr<Compiled>> compilations;
        return compilations;
    }
    static void TearDownTestSuite() { made().clear(); }
    /// The register and compilation of one way of calling, made on first use.
    static const Compiled& compilation(Calls calls) {
        std::unique_ptr<Compiled>& c = made()[calls];
        if (!c) {
            c = std::make_unique<Compiled>();
            c->register_ = std::make_unique<TestRegister>(c->dir / "r.sqlite");
            const std::string option = calls_option(calls);
            const TestRegister& db = *c->register_;
            EXPECT_TRUE(import_small_fixture([&](const std::string& args) { return followup_command(example_config(), db, args, option); }));
            // Every format but the PDF, which takes the typesetter seconds: ThePdf… makes its own.
            c->result = run(followup_command(example_config(), db,
                                             "compile --year 2025 --date 2026-03-08 --format html,md,json,xlsx --out " + quoted(c->dir / "out"),
                                             option));
        }
        return *c;
    }
    static std::string calls_option(Calls calls) { return calls == Calls::trusted ? "--trust-plugins" : ""; }
    void SetUp() override { current_ = &compilation(GetParam()); }
    const TempDir& dir() const { return current_->dir; }
    const TestRegister& reg() const { return *current_->register_; }
    const CommandResult& compiled() const { return current_->result; }
    std::string calls_option() const { return calls_option(GetParam()); }
    std::string followup(const std::string& args) const { return followup_command(example_config(), reg(), args, calls_option()); }
    fs::path out(const std::string& ext) const { return dir() / "out" / ("samlad-uppfoljning-2025." + ext); }

private:
    const Compiled* current_ = nullptr;
};

std::string calls_name(const testing::TestParamInfo<Calls>& info) { return info.param == Calls::trusted ? "trusted" : "isolated"; }
INSTANTIATE_TEST_SUITE_P(Plugins, CliCompile, testing::Values(Calls::isolated, Calls::trusted), calls_name);

TEST_P(CliCompile, WritesTheFormatsAskedForAndEndsWithTheHtmlPath) {
    ASSERT_EQ(compiled().exit_code, 0) << compiled().output;
    for (const char* ext : {"html", "md", "json", "xlsx"}) EXPECT_TRUE(fs::exists(out(ext))) << ext;
    EXPECT_FALSE(fs::exists(out("pdf")));
    EXPECT_THAT(compiled().output, HasSubstr("The compilation: " + out("html").string()));
}

TEST_P(CliCompile, TheJsonMatchesTheGoldenFileStructurally) {
    const auto actual = nlohmann::json::parse(read_file(out("json")));
    const fs::path golden_file = source / "fixtures" / "small" / "golden-compilation-2025.json";
    // After a change meant to alter the document: FOLLOWUP_UPDATE_GOLDEN=1 writes what came out,
    // and the diff of the golden file is then reviewed like code (docs/testing.md).
    if (std::getenv("FOLLOWUP_UPDATE_GOLDEN") != nullptr) write_file(golden_file, actual.dump(2) + "\n");
    const auto golden = nlohmann::json::parse(read_file(golden_file));
    EXPECT_EQ(actual, golden) << "diff: " << nlohmann::json::diff(golden, actual).dump(1).substr(0, 2000);
}

// Issue 17: the heading carries the case's diary number from configuration or --reference,
// never a made-up placeholder.
TEST_P(CliCompile, TheHeadingCarriesTheDiaryNumberFromConfigurationOrTheCommandLine) {
    EXPECT_THAT(read_file(out("md")), HasSubstr("Dnr: KFKS 2026/142"));
    const auto r = run(followup("compile --year 2025 --date 2026-03-08 --format md --reference \"KFKS 2026/999\" --out " +
                                quoted(dir() / "ref")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string md = read_file(dir() / "ref" / "samlad-uppfoljning-2025.md");
    EXPECT_THAT(md, HasSubstr("Dnr: KFKS 2026/999"));
    EXPECT_THAT(md, Not(HasSubstr("/uppföljning")));
}

// Issue 17: "every file is valid UTF-8" — every text file compile and publish write, read back
// strictly by an independent decoder (Python's).
TEST_P(CliCompile, EveryGeneratedTextFileIsValidUtf8) {
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir() / "site-utf8"))).exit_code, 0);
    std::string files;
    for (const fs::path& folder : {dir() / "out", dir() / "site-utf8"})
        for (const auto& entry : fs::recursive_directory_iterator(folder))
            if (entry.is_regular_file() && entry.path().extension() != ".xlsx" && entry.path().extension() != ".pdf") files += " " + quoted(entry.path());
    ASSERT_FALSE(files.empty());
    const auto r = run("/usr/bin/python3 -c \"import sys\nfor f in sys.argv[1:]:\n    open(f, encoding='utf-8', errors='strict').read()\n"
                       "print(len(sys.argv) - 1, 'files')\"" + files + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("files"));
}

// Issue 17: the PDF, read back with poppler-utils (independent of the typesetter): A4, tagged,
// every font embedded, a bookmark for every board, the proposed decision on page 1, and the
// decision document before the appendices.
TEST_P(CliCompile, ThePdfIsA4WithEmbeddedFontsABookmarkPerBoardAndTheDecisionOnPageOne) {
    // The default set is all five formats.
    const auto compiled = run(followup("compile --year 2025 --date 2026-03-08 --out " + quoted(dir() / "default")));
    ASSERT_EQ(compiled.exit_code, 0) << compiled.output;
    for (const char* ext : {"html", "pdf", "md", "json", "xlsx"})
        EXPECT_TRUE(fs::exists(dir() / "default" / (std::string("samlad-uppfoljning-2025.") + ext))) << ext;
    const fs::path pdf = dir() / "default" / "samlad-uppfoljning-2025.pdf";
    EXPECT_FALSE(fs::exists(pdf.string() + ".part"));
    const auto info = run("pdfinfo " + quoted(pdf));
    ASSERT_EQ(info.exit_code, 0) << "poppler-utils is needed: " << info.output;
    EXPECT_THAT(info.output, HasSubstr("(A4)"));
    EXPECT_THAT(info.output, HasSubstr("Tagged:          yes"));
    EXPECT_THAT(info.output, HasSubstr("Title:           Uppföljningsplaner inom kundval"));
    const auto fonts = run("pdffonts " + quoted(pdf));
    ASSERT_EQ(fonts.exit_code, 0) << fonts.output;
    std::istringstream lines(fonts.output);
    int listed = 0;
    for (std::string line; std::getline(lines, line);)
        if (line.find("TrueType") != std::string::npos || line.find("Type 1") != std::string::npos) {
            ++listed;
            EXPECT_THAT(line, HasSubstr(" yes yes ")) << "a font that is not embedded: " << line;
        }
    EXPECT_GT(listed, 0) << fonts.output;
    const auto page1 = run("pdftotext -layout -f 1 -l 1 " + quoted(pdf) + " -");
    EXPECT_THAT(page1.output, HasSubstr("Förslag till beslut"));
    EXPECT_THAT(page1.output, HasSubstr("1. Kommunstyrelsen godkänner"));
    // The bookmarks, as poppler reads the outline.
    const auto outline = run("pdftohtml -xml -i -q -stdout " + quoted(pdf));
    ASSERT_EQ(outline.exit_code, 0) << outline.output.substr(0, 500);
    for (const char* board : {"Utbildningsnämnden", "Socialnämnden", "Äldrenämnden", "Kulturnämnden", "Nämnden för arbete och försörjning"}) {
        EXPECT_THAT(outline.output, HasSubstr(std::string(">") + board + "<")) << "no bookmark for the board's section: " << board;
        EXPECT_THAT(outline.output, HasSubstr(std::string(": ") + board + " – resultat")) << "no bookmark for the board's appendix: " << board;
    }
    EXPECT_THAT(outline.output, HasSubstr(">Förslag till beslut<"));
    EXPECT_THAT(outline.output, HasSubstr(">Samlad bedömning<"));
}

// Issue 17: the HTML is checked by an HTML5 parser in strict mode (html5lib, as browsers parse),
// the compilation and every page of the residents' site.
TEST_P(CliCompile, TheHtmlHasNoParseErrorsInAStrictHtml5Parser) {
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir() / "site-html5"))).exit_code, 0);
    std::string files = " " + quoted(out("html"));
    for (const auto& entry : fs::recursive_directory_iterator(dir() / "site-html5"))
        if (entry.path().extension() == ".html") files += " " + quoted(entry.path());
    const auto r = run("/usr/bin/python3 -c \"import sys, html5lib\nfor f in sys.argv[1:]:\n"
                       "    p = html5lib.HTMLParser(strict=True)\n"
                       "    try:\n        p.parse(open(f, 'rb'))\n"
                       "    except Exception as e:\n        print(f, p.errors[:3] or e); sys.exit(1)\n"
                       "print(len(sys.argv) - 1, 'files parsed')\"" + files + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << "python3-html5lib is needed: " << r.output;
    EXPECT_THAT(r.output, HasSubstr("files parsed"));
}

// Issue 17: "axe-core reports no violations": the compilation's HTML through axe-core's WCAG 2.0
// and 2.1 A and AA rules in headless Chromium (tests/browser), with a screenshot kept.
TEST_P(CliCompile, TheHtmlHasNoWcagViolationsInAxeCore) {
    const char* axe = std::getenv("FOLLOWUP_AXE_JS");
    const char* check = std::getenv("FOLLOWUP_AXE_CHECK");
    const char* artifacts = std::getenv("FOLLOWUP_BROWSER_ARTIFACTS");
    ASSERT_TRUE(axe && check && artifacts) << "run through ctest: the browser_tools fixture provides axe-core";
    const auto r = run("node " + quoted(check) + " --axe " + quoted(axe) + " --screenshot-dir " + quoted(fs::path(artifacts) / "compilation") +
                       " --widths 1280 " + quoted(out("html")) + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 with problems"));
}

// Issue 17: "No generated file contains an id that has a name in the configuration where a name
// is shown to a reader (a test lists them)": tests/tools/shown_ids.py lists the ids and looks for
// them in the text readers see (HTML text, Markdown, spreadsheet cells).
TEST_P(CliCompile, NoConfiguredIdIsShownWhereItsNameBelongs) {
    const auto r = run("/usr/bin/python3 " + quoted(source / "tools" / "shown_ids.py") + " " + quoted(example_config()) + " " +
                       quoted(out("html")) + " " + quoted(out("md")) + " " + quoted(out("xlsx")) + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 shown"));
    // The checker itself finds a leaked id.
    write_file(dir() / "leak.md", "Tillsyn i forskola och riktad_tillsyn.\n");
    const auto leak = run("/usr/bin/python3 " + quoted(source / "tools" / "shown_ids.py") + " " + quoted(example_config()) + " " +
                          quoted(dir() / "leak.md") + " 2>&1");
    EXPECT_EQ(leak.exit_code, 1) << leak.output;
    EXPECT_THAT(leak.output, HasSubstr("'forskola' shown where its name 'Förskola' belongs"));
}

// Issue 17: "A welfare-crime signal appears once per provider and kind", with its months.
TEST_P(CliCompile, AWelfareCrimeSignalAppearsOncePerProviderAndKind) {
    const auto doc = nlohmann::json::parse(read_file(out("json")));
    std::function<const nlohmann::json*(const nlohmann::json&)> find = [&](const nlohmann::json& j) -> const nlohmann::json* {
        if (j.is_object() && j.value("id", "") == "welfare-signals") return &j;
        if (j.is_object() || j.is_array())
            for (const auto& v : j)
                if (const auto* f = find(v)) return f;
        return nullptr;
    };
    const nlohmann::json* table = find(doc);
    ASSERT_NE(table, nullptr);
    ASSERT_FALSE((*table)["rows"].empty());
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& row : (*table)["rows"])
        EXPECT_TRUE(seen.insert({row[1]["text"].get<std::string>(), row[3]["text"].get<std::string>()}).second)
            << row[1]["text"] << " " << row[3]["text"] << " twice";
}

TEST_P(CliCompile, TheJsonValidatesAgainstItsSchemaWithAnIndependentValidator) {
    const auto r = run("/usr/bin/python3 -c \"import json, jsonschema; "
                       "jsonschema.validate(json.load(open('" + out("json").string() + "')), json.load(open('" +
                       (source / ".." / "docs" / "compilation.schema.json").string() +
                       "')), cls=jsonschema.Draft202012Validator); print('valid')\"");
    EXPECT_EQ(r.exit_code, 0) << "python3-jsonschema is needed: " << r.output;
    EXPECT_THAT(r.output, HasSubstr("valid"));
}

TEST_P(CliCompile, TheCompilationHasEveryPartTheExecutiveBoardExpects) {
    const auto doc = nlohmann::json::parse(read_file(out("json")));
    std::vector<std::string> ids;
    for (const auto& s : doc["sections"]) ids.push_back(s["id"]);
    EXPECT_EQ(ids, (std::vector<std::string>{"proposed-decision", "summary", "background", "boards", "overall-assessment", "cross-board",
                                             "welfare-crime", "crisis-preparedness", "quality-bonus", "consequences", "appendices"}));
    // Every board has the core's three verdicts: in the overall assessment one line each, in the
    // board's appendix with the board's claim and every item checked.
    std::map<std::string, int> in_appendix, in_assessment;
    for (const auto& appendix : doc["sections"][10]["sections"])
        for (const auto& b : appendix["blocks"])
            if (b["type"] == "verdict") {
                ++in_appendix[appendix["id"]];
                EXPECT_FALSE(b["evidence"].empty());
            }
    for (const auto& b : doc["sections"][4]["blocks"])
        if (b["type"] == "table") in_assessment[b["id"]] = static_cast<int>(b["rows"].size());
    for (const auto& board : doc["sections"][3]["sections"]) {
        const std::string id = board["id"].get<std::string>().substr(6);  // "board-<id>"
        EXPECT_EQ(in_appendix["appendix-" + id], 3) << id;
        EXPECT_EQ(in_assessment["overall-" + id], 3) << id;
    }
    const std::string text = read_file(out("md"));
    EXPECT_NE(text.find("Efter ägarform (konkurrensneutralitet) 2025"), std::string::npos);
    EXPECT_NE(text.find("utförda 1 210 timmar mot beslutade 1 080 (+12,0 %)"), std::string::npos);  // home-care provider 7, May
    EXPECT_NE(text.find("Simulering av kvalitetspeng"), std::string::npos);
}

TEST_P(CliCompile, TheHtmlRendersInHeadlessChromiumWithItsChartsAndNoErrors) {
    const fs::path shot = fs::path(FOLLOWUP_TEST_ARTIFACTS) / "compilation-2025.png";
    fs::create_directories(shot.parent_path());
    const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                                 "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
                                 quoted(dir() / "chromium") + " --enable-logging=stderr --v=0 ";
    auto r = run("timeout 120 " + chromium + "--window-size=1200,3000 --screenshot=" + quoted(shot) + " " + quoted(fs::path("file://" + out("html").string())));
    ASSERT_TRUE(fs::exists(shot)) << "chromium is needed for this test: " << r.output;
    EXPECT_GT(fs::file_size(shot), 50000u) << "a blank page would be much smaller";
    EXPECT_THAT(r.output, Not(HasSubstr(":CONSOLE(")));
    r = run("timeout 120 " + chromium + "--dump-dom " + quoted(fs::path("file://" + out("html").string())) + " 2>/dev/null");
    EXPECT_THAT(r.output, HasSubstr("<svg class=\"chart\""));
    EXPECT_THAT(r.output, HasSubstr("<rect"));
    EXPECT_THAT(r.output, HasSubstr("<polyline"));
    EXPECT_THAT(r.output, Not(HasSubstr("<script>")));
}

TEST_P(CliCompile, EveryTextIsEscaped) {
    const std::string html = read_file(out("html"));
    EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; AB"));
    EXPECT_THAT(html, Not(HasSubstr("<script>")));
    EXPECT_THAT(read_file(out("md")), HasSubstr("\\<script\\>"));
}

TEST_P(CliCompile, TheSpreadsheetReadsBackWithValuesAndNoFormulas) {
    const auto r = run("/usr/bin/python3 -c \"import openpyxl\n"
                       "wb = openpyxl.load_workbook('" + out("xlsx").string() + "')\n"
                       "cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]\n"
                       "assert not [c for c in cells if c.data_type == 'f'], 'a formula'\n"
                       "assert any(c.data_type == 'n' for c in cells), 'no numbers'\n"
                       "texts = [c.value for c in cells if c.data_type == 's']\n"
                       "assert not [t for t in texts if t[:1] in '=+-@'], [t for t in texts if t[:1] in '=+-@'][:3]\n"
                       "assert \\\"'=HYPERLINK(\\\\\\\"http://x\\\\\\\")\\\" in texts\n"
                       "print('sheets', len(wb.sheetnames))\"");
    EXPECT_EQ(r.exit_code, 0) << "python3-openpyxl is needed: " << r.output;
    EXPECT_THAT(r.output, HasSubstr("sheets "));
}

// Issue 17: the spreadsheet follows the document's split: a contents sheet says which part each
// sheet belongs to (the decision document or which appendix); every table has a named header
// row (an Excel table); shares are fractions shown as percentages, counts with a thousands format.
TEST_P(CliCompile, TheSpreadsheetFollowsTheSplitWithNamedHeadersAndNumberFormats) {
    const auto r = run("/usr/bin/python3 -c \"import openpyxl\n"
                       "wb = openpyxl.load_workbook('" + out("xlsx").string() + "')\n"
                       "assert wb.sheetnames[0] == 'Innehåll', wb.sheetnames[:3]\n"
                       "parts = {row[0]: row[1] for row in wb['Innehåll'].iter_rows(min_row=4, values_only=True)}\n"
                       "assert parts['providers-per-area'] == 'Tjänsteskrivelse', parts.get('providers-per-area')\n"
                       "assert parts['plan-utbildning'].startswith('Bilaga 1: Utbildningsnämnden'), parts.get('plan-utbildning')\n"
                       "assert set(parts) == set(wb.sheetnames[1:]), 'a sheet not in the contents'\n"
                       "ws = wb['providers-per-area']\n"
                       "table = list(ws.tables.values())[0]\n"
                       "assert table.ref.startswith('A2:'), table.ref\n"
                       "assert [c.name for c in table.tableColumns][:2] == ['Område', 'Anordnare'], [c.name for c in table.tableColumns]\n"
                       "row = [c for c in ws[3]]\n"
                       "assert row[1].number_format == '#,##0' and row[3].number_format == '0 %' and 0 <= row[3].value <= 1, [(c.value, c.number_format) for c in row]\n"
                       "print('parts', len(parts))\"");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("parts "));
}

TEST_P(CliCompile, EnglishComesFromTheSameCatalogue) {
    const auto r = run(followup("compile --year 2025 --date 2026-03-08 --lang en --format md --out " + quoted(dir() / "en")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string md = read_file(dir() / "en" / "compilation-2025.md");
    EXPECT_THAT(md, HasSubstr("Follow-up plans in customer choice"));
    EXPECT_THAT(md, HasSubstr("Welfare crime"));
    EXPECT_THAT(md, Not(HasSubstr("Välfärdsbrottslighet")));
}

TEST_P(CliCompile, PublishShowsDotsWhereAGroupIsTooSmallAndNowhereElse) {
    const auto r = run(followup("publish --year 2025 --out " + quoted(dir() / "site")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // Kulturskolan Liten: 3 answers, withheld, and so is the area's figure, from which Liten's
    // could be worked out beside Musikskolan Ton's (40 answers, shown).
    EXPECT_THAT(r.output, HasSubstr("2 figures withheld (fewer than 5 answers)"));
    const std::string culture = read_file(dir() / "site" / "omrade" / "kulturskola" / "index.html");
    EXPECT_THAT(culture, HasSubstr("class=\"num\">..</td>"));
    EXPECT_THAT(culture, HasSubstr("93,5 <span class=\"note\">(n=40)</span>"));
    EXPECT_THAT(culture, Not(HasSubstr("70.0")));
    EXPECT_THAT(culture, Not(HasSubstr("70,0")));
    std::size_t dots = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir() / "site" / "omrade"))
        if (entry.path().filename() == "index.html" && entry.path().parent_path().parent_path().filename() == "omrade") {
            const std::string page = read_file(entry.path());
            for (std::size_t at = page.find("class=\"num\">..</td>"); at != std::string::npos; at = page.find("class=\"num\">..</td>", at + 1)) ++dots;
        }
    EXPECT_EQ(dots, 2u);
    const std::string open_data = read_file(dir() / "site" / "data" / "nojdhet_undervisning-2025.csv");
    EXPECT_THAT(open_data, HasSubstr("nojdhet_undervisning;0182;802400-0021;Kulturskolan Liten;kulturskola;2025;T;;;..\r\n"));
    EXPECT_THAT(read_file(dir() / "site" / "omrade" / "forskola" / "index.html"), HasSubstr("&lt;script&gt;"));
}

// Issue 17: a risk signal kind is shown by a name: the board's [signal_kinds] (how a plugin's own
// kinds get one), else the core's catalogue for the bundled models' kinds.
TEST_P(CliCompile, ASignalKindIsShownByTheNameItsBoardGivesIt) {
    EXPECT_THAT(read_file(out("md")), HasSubstr("Fler utförda timmar än beslutade"));  // the catalogue's
    TempDir config_dir;
    fs::copy(example_config().parent_path(), config_dir / "config", fs::copy_options::recursive);
    const fs::path aldre = config_dir / "config" / "boards" / "aldre.toml";
    write_file(aldre, read_file(aldre) + "\n[signal_kinds]\ndelivered_above_decided = \"Utförda timmar över beslutade (nämndens ord)\"\n");
    const auto r = run(followup_command(config_dir / "config" / "municipality.toml", reg(),
                                        "compile --year 2025 --date 2026-03-08 --format md --out " + quoted(config_dir / "out"), calls_option()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string md = read_file(config_dir / "out" / "samlad-uppfoljning-2025.md");
    EXPECT_THAT(md, HasSubstr("Utförda timmar över beslutade (nämndens ord)"));
    EXPECT_THAT(md, Not(HasSubstr("Fler utförda timmar än beslutade")));
}

TEST_P(CliCompile, ALongTableShowsItsFirstRowsAndEveryRowIsInACsvBesideIt) {
    // The example configuration with max_table_rows = 10: the providers per area (17 areas) are longer.
    TempDir config_dir;
    fs::copy(example_config().parent_path(), config_dir / "config", fs::copy_options::recursive);
    std::string municipality = read_file(config_dir / "config" / "municipality.toml");
    const auto at = municipality.find("[compilation]\n");
    ASSERT_NE(at, std::string::npos);
    municipality.insert(at + 14, "max_table_rows = 10\n");
    write_file(config_dir / "config" / "municipality.toml", municipality);
    const fs::path out_dir = config_dir / "out";
    const auto r = run(followup_command(config_dir / "config" / "municipality.toml", reg(),
                                        "compile --year 2025 --date 2026-03-08 --format json,html --out " + quoted(out_dir), calls_option()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto doc = nlohmann::json::parse(read_file(out_dir / "samlad-uppfoljning-2025.json"));
    const nlohmann::json* shortened = nullptr;
    std::function<void(const nlohmann::json&)> find = [&](const nlohmann::json& section) {
        for (const auto& b : section["blocks"])
            if (b["type"] == "table" && b.contains("rows_file") && b["id"] == "providers-per-area") shortened = &b;
        for (const auto& c : section["sections"]) find(c);
    };
    for (const auto& s : doc["sections"]) find(s);
    ASSERT_NE(shortened, nullptr) << "the providers per area have more than ten rows";
    const auto& table = *shortened;
    EXPECT_EQ(table["rows"].size(), 10u);
    const std::size_t total = table["rows_total"].get<std::size_t>();
    EXPECT_GT(total, 10u);
    EXPECT_THAT(table["note"].get<std::string>(), HasSubstr("de första 10 av " + std::to_string(total)));
    // The CSV, read back by Python's csv module: the header, then every row; the first ones are the document's.
    const fs::path csv = out_dir / table["rows_file"].get<std::string>();
    const auto back = run("/usr/bin/python3 -c \"import csv, json, sys\n"
                          "rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))\n"
                          "print(len(rows) - 1)\n"
                          "print(json.dumps(rows[1]))\" " + quoted(csv));
    ASSERT_EQ(back.exit_code, 0) << back.output;
    std::vector<std::string> first_row;
    for (const auto& cell : table["rows"][0]) first_row.push_back(cell["text"].get<std::string>());
    const auto newline = back.output.find('\n');
    ASSERT_NE(newline, std::string::npos) << back.output;
    EXPECT_EQ(back.output.substr(0, newline), std::to_string(total));
    EXPECT_EQ(nlohmann::json::parse(back.output.substr(newline + 1)), nlohmann::json(first_row));
    // The HTML says so under the table and links the file.
    const std::string html = read_file(out_dir / "samlad-uppfoljning-2025.html");
    EXPECT_THAT(html, HasSubstr("<a href=\"" + table["rows_file"].get<std::string>() + "\">"));
}

TEST_P(CliCompile, IsolatedAndTrustedModelsGiveTheSameDocument) {
    // The other way's compilation of the same register's files, made here when no test of that way
    // has run in this process.
    const Compiled& theirs = compilation(GetParam() == Calls::trusted ? Calls::isolated : Calls::trusted);
    ASSERT_EQ(compiled().exit_code, 0) << compiled().output;
    ASSERT_EQ(theirs.result.exit_code, 0) << theirs.result.output;
    EXPECT_EQ(read_file(out("md")), read_file(theirs.dir / "out" / "samlad-uppfoljning-2025.md"));
    EXPECT_EQ(nlohmann::json::parse(read_file(out("json"))),
              nlohmann::json::parse(read_file(theirs.dir / "out" / "samlad-uppfoljning-2025.json")));
}

// Issue 17's Done-when, on the example municipality the README's main command builds: the
// decision document prints on 8 A4 pages or fewer (counted from the PDF: the pages before the
// first appendix's bookmark), page 1 holds the proposed decision, every board has a bookmark,
// and a welfare-crime signal appears once per provider in the decision document.
TEST(CliCompileExample, TheDecisionDocumentPrintsOnEightPagesOrFewerAndThirtyInAll) {
    TempDir dir;
    const TestRegister db(dir / "r.sqlite");
    auto followup = [&](const std::string& args) { return run(followup_command(example_config(), db, args)); };
    const auto generated = followup("--trust-plugins demo generate --scale municipality --seed 1 --out " + quoted(dir / "demo") + " --import");
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
    const auto compiled = followup("compile --year 2025 --date 2026-03-08 --format pdf,json,xlsx --out " + quoted(dir / "out"));
    ASSERT_EQ(compiled.exit_code, 0) << compiled.output;
    const fs::path pdf = dir / "out" / "samlad-uppfoljning-2025.pdf";
    // Issue 31: the decision document with its appendices prints on at most 30 pages; next
    // year's follow-ups, item by item, are in the spreadsheet and a CSV file, not on paper.
    const auto info = run("pdfinfo " + quoted(pdf));
    std::smatch pages;
    ASSERT_TRUE(std::regex_search(info.output, pages, std::regex("Pages: +([0-9]+)"))) << info.output;
    EXPECT_LE(std::stoi(pages[1].str()), 30) << "pages in all";
    const auto outline = run("pdftohtml -xml -i -q -stdout " + quoted(pdf));
    ASSERT_EQ(outline.exit_code, 0) << "poppler-utils is needed: " << outline.output.substr(0, 300);
    // The outline as poppler writes it: <item page="9">Bilaga 1: …</item>
    std::smatch m;
    ASSERT_TRUE(std::regex_search(outline.output, m, std::regex("<item page=\"([0-9]+)\">Bilaga 1: "))) << outline.output.substr(0, 3000);
    const int appendix_page = std::stoi(m[1].str());
    EXPECT_LE(appendix_page - 1, 8) << "the decision document runs to page " << appendix_page - 1;
    for (const char* board : {"Utbildningsnämnden", "Socialnämnden", "Äldrenämnden", "Kulturnämnden", "Nämnden för arbete och försörjning"})
        EXPECT_THAT(outline.output, HasSubstr(std::string(">") + board + "<")) << board;
    EXPECT_THAT(run("pdftotext -f 1 -l 1 " + quoted(pdf) + " -").output, HasSubstr("Förslag till beslut"));
    const auto doc = nlohmann::json::parse(read_file(dir / "out" / "samlad-uppfoljning-2025.json"));
    std::set<std::string> providers;
    bool found = false;
    for (const auto& section : doc["sections"])
        if (section["id"] == "welfare-crime")
            for (const auto& b : section["blocks"])
                if (b.value("id", "") == "welfare-signals-summary")
                    for (const auto& row : b["rows"]) {
                        found = true;
                        EXPECT_TRUE(providers.insert(row[0]["text"].get<std::string>()).second) << row[0]["text"] << " twice";
                    }
    EXPECT_TRUE(found) << "the example has welfare-crime signals; the decision document lists them";

    // One account: the education board's plan for 2026 in the compilation is the plan
    // `followup plan` makes, follow-up for follow-up: as many rows in the document's count, in the
    // CSV beside it (read by Python's csv module) and in the spreadsheet (read by openpyxl).
    const nlohmann::json* plan = nullptr;
    std::function<void(const nlohmann::json&)> find = [&](const nlohmann::json& section) {
        for (const auto& b : section["blocks"])
            if (b["type"] == "table" && b["id"] == "plan-utbildning") plan = &b;
        for (const auto& c : section["sections"]) find(c);
    };
    for (const auto& s : doc["sections"]) find(s);
    ASSERT_NE(plan, nullptr);
    const std::size_t listed = (*plan)["rows_total"].get<std::size_t>();
    EXPECT_EQ((*plan)["rows"].size(), listed) << "the JSON keeps a listing's rows";
    const auto pages_text = run("pdftotext " + quoted(pdf) + " -").output;
    EXPECT_THAT(pages_text, Not(HasSubstr("regelbunden uppföljning var 24:e månad"))) << "the plan, item by item, is not on paper";
    EXPECT_THAT(pages_text, HasSubstr("besök per månad 2026 mot inspektörernas kapacitet")) << "its summary is";
    // Issue 32: the document ends as seed 001's ("Handlingar i ärendet", then who signs); the
    // share a verdict uses is stated beside it; every chart's values are printed under it; and
    // no configuration id reaches the reader — in the pages, nor in the plan's CSV listing.
    EXPECT_THAT(pages_text, HasSubstr("Handlingar i ärendet"));
    EXPECT_THAT(pages_text, HasSubstr("Karin Berglund, Kanslichef, Juridik- och kanslistaben")) << "the configured signatory";
    EXPECT_THAT(pages_text, HasSubstr("minst 90 % krävs")) << "the on-time threshold beside the verdict";
    EXPECT_TRUE(std::regex_search(pages_text, std::regex("Kapacitet: 01 [0-9]+ · 02 [0-9]+"))) << "the visits chart's values";
    EXPECT_TRUE(std::regex_search(pages_text, std::regex("Antal: Tillfredsställande [0-9]+"))) << "a grade chart's values";
    // Every word inside the page's text box (A4 with 16 mm side margins, as html.cpp's @page sets
    // it; 2 pt of slack), read from poppler's word boxes: a table wider than the page runs into the
    // margin or off the paper.
    const auto boxes = run("pdftotext -bbox " + quoted(pdf) + " " + quoted(dir / "boxes.html"));
    ASSERT_EQ(boxes.exit_code, 0) << boxes.output;
    const auto outside = run("/usr/bin/python3 -c \"import re, sys\n"
                             "s = open(sys.argv[1], encoding='utf-8').read()\n"
                             "margin = 16 / 25.4 * 72 - 2\n"
                             "bad, words = [], 0\n"
                             "for n, page in enumerate(re.finditer(r'<page width=.([0-9.]+). height=.([0-9.]+).>(.*?)</page>', s, re.S), 1):\n"
                             "    width, height = float(page.group(1)), float(page.group(2))\n"
                             "    for w in re.finditer(r'<word xMin=.([0-9.-]+). yMin=.([0-9.-]+). xMax=.([0-9.-]+). yMax=.([0-9.-]+).>([^<]*)<', page.group(3)):\n"
                             "        words += 1\n"
                             "        x0, y0, x1, y1 = map(float, w.groups()[:4])\n"
                             "        if x0 < margin or x1 > width - margin or y0 < 0 or y1 > height: bad.append((n, w.group(5), round(x0), round(x1)))\n"
                             "print(words, 'words', len(bad), 'outside', bad[:5])\n"
                             "sys.exit(1 if bad or words < 1000 else 0)\" " + quoted(dir / "boxes.html"));
    EXPECT_EQ(outside.exit_code, 0) << outside.output;
    write_file(dir / "pages.txt", pages_text);
    // The officer's commands too: status with every unit, and assess of the municipality's own
    // units (every board has some) show names, with an id only in brackets after its name.
    const auto status = followup("status --at 2025-12-31 --units");
    ASSERT_EQ(status.exit_code, 0) << status.output.substr(0, 500);
    write_file(dir / "status.txt", status.output);
    const auto assessed = followup("assess 212000-0142");
    ASSERT_EQ(assessed.exit_code, 0) << assessed.output.substr(0, 500);
    write_file(dir / "assess.txt", assessed.output);
    const auto ids = run("/usr/bin/python3 " + quoted(source / "tools" / "shown_ids.py") + " " + quoted(example_config()) + " " +
                         quoted(dir / "pages.txt") + " " + quoted(dir / "out" / "samlad-uppfoljning-2025-plan-utbildning.csv") + " " +
                         quoted(dir / "status.txt") + " " + quoted(dir / "assess.txt") + " 2>&1");
    EXPECT_EQ(ids.exit_code, 0) << ids.output;
    const auto planned = followup("plan --year 2026 --board utbildning --dry-run --format csv --out " + quoted(dir / "plan.csv"));
    ASSERT_EQ(planned.exit_code, 0) << planned.output;
    const auto counted = run("/usr/bin/python3 -c \"import csv, sys, openpyxl\n"
                             "plan = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))\n"
                             "listed = list(csv.reader(open(sys.argv[2], encoding='utf-8-sig', newline=''), delimiter=';'))\n"
                             "ws = openpyxl.load_workbook(sys.argv[3])['plan-utbildning']\n"
                             "print(len(plan) - 1, len(listed) - 1, sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if any(r)))\" " +
                             quoted(dir / "plan.csv") + " " + quoted(dir / "out" / (*plan)["rows_file"].get<std::string>()) + " " +
                             quoted(dir / "out" / "samlad-uppfoljning-2025.xlsx"));
    ASSERT_EQ(counted.exit_code, 0) << counted.output;
    EXPECT_GT(listed, 100u);
    // Issue 32: every visit in the example's calendar says where the inspector goes.
    const auto calendar = followup("plan --year 2026 --dry-run --format ics --out " + quoted(dir / "plan.ics"));
    ASSERT_EQ(calendar.exit_code, 0) << calendar.output;
    const std::string ics = read_file(dir / "plan.ics");
    std::size_t events = 0, located = 0;
    for (std::size_t at = ics.find("BEGIN:VEVENT"); at != std::string::npos; at = ics.find("BEGIN:VEVENT", at + 1)) {
        ++events;
        const auto end = ics.find("END:VEVENT", at);
        located += ics.substr(at, end - at).find("\r\nLOCATION:") != std::string::npos ? 1 : 0;
    }
    EXPECT_GT(events, 500u);
    EXPECT_EQ(located, events);
    EXPECT_EQ(counted.output, fmt::format("{0} {0} {0}\n", listed)) << "the plan command, the CSV, the spreadsheet";
}

TEST(CliCompileFailing, ABoardWhosePluginFailsIsMarkedFailedAndTheRestComesOut) {
    TempDir dir;
    write_file(dir / "municipality.toml", "[municipality]\nname = \"Testkommun\"\nreference_prefix = \"T\"\n"
                                          "plugin_dirs = [\"" + (fs::path(FOLLOWUP_TEST_PLUGIN_ROOT) / "throws_later").string() + "\"]\n"
                                          "include = [\"test.toml\"]\n");
    write_file(dir / "test.toml", "[board]\nid = \"test\"\nname = \"Testnämnden\"\nplugin = \"throws_later\"\nscale = \"tillsyn4\"\n"
                                  "[[areas]]\nid = \"test_area\"\nname = \"Testområde\"\nlegal_basis = \"LOV\"\n");
    // compile reads an existing register only (issue 16): make one.
    const TestRegister db(dir / "r.sqlite");
    ASSERT_EQ(run(followup_command(dir / "municipality.toml", db, "import providers " + quoted(small_fixture("providers")))).exit_code, 0);
    const auto r = run(followup_command(dir / "municipality.toml", db,
                                        "compile --year 2025 --date 2026-01-01 --format json,html --out " + quoted(dir / "out")));
    EXPECT_EQ(r.exit_code, 1) << r.output;  // a board failed: the exit code says so (issue 16)
    const auto doc = nlohmann::json::parse(read_file(dir / "out" / "samlad-uppfoljning-2025.json"));
    const auto& board = doc["sections"][3]["sections"][0];
    EXPECT_EQ(board["failed"], true);
    EXPECT_THAT(board["failure"].get<std::string>(), HasSubstr("plugin 'throws_later' failed in"));
    EXPECT_TRUE(fs::exists(dir / "out" / "samlad-uppfoljning-2025.html"));
    EXPECT_EQ(doc["sections"].size(), 11u);
}

}  // namespace
