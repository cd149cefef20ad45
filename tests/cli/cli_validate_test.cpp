// `followup validate` and `followup init` on real files, with the real plugins.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

const std::string cli = followup_binary();

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "the test's starting text has no '" << from << "'";
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(CliValidate, TheExampleMunicipalityIsValidWithAllFiveBoards) {
    const auto r = run(cli + " validate --config " + quoted(example_config()));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("Configuration valid"));
    EXPECT_THAT(r.output, HasSubstr("boards: 5: utbildning (education"));
    for (const char* board : {"social (social", "aldre (eldercare", "kultur (culture", "arbete (labour"})
        EXPECT_THAT(r.output, HasSubstr(board));
    EXPECT_THAT(r.output, HasSubstr("areas: 17"));
}

TEST(CliValidate, InitWritesAConfigurationThatValidatesAndNeverOverwrites) {
    TempDir dir;
    auto r = run(cli + " init " + quoted(dir / "kommun"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(cli + " validate --config " + quoted(dir / "kommun" / "municipality.toml"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const std::string before = read_file(dir / "kommun" / "municipality.toml");
    r = run(cli + " init " + quoted(dir / "kommun"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("already exists"));
    EXPECT_EQ(read_file(dir / "kommun" / "municipality.toml"), before);
}

TEST(CliValidate, APluginReportsErrorsInItsOwnTableTaggedWithItsId) {
    TempDir dir;
    ASSERT_EQ(run(cli + " init " + quoted(dir / "k")).exit_code, 0);
    const fs::path board = dir / "k" / "boards" / "utbildning.toml";
    write_file(board, replace(read_file(board), "criminal_record_max_age_months = 12",
                              "criminal_record_max_age_months = 120\nextract_age = 3"));
    const auto r = run(cli + " validate --config " + quoted(dir / "k" / "municipality.toml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr(board.string() + ":"));
    EXPECT_THAT(r.output, HasSubstr("model.criminal_record_max_age_months: found 120; expected an integer from 1 to 60 "
                                    "(reported by plugin 'education')"));
    EXPECT_THAT(r.output, HasSubstr("model.extract_age: unknown key"));
    EXPECT_THAT(r.output, HasSubstr("2 error(s)"));
}

// Seed 003: LOV and kundval "skiljer sig åt bland annat vad gäller begrepp, vilka tjänster som kan
// omfattas av respektive system samt formerna för överklagande". A culture school configured as a
// LOV area is refused by its board's model, naming the area and what is expected (issue 29).
TEST(CliValidate, ACultureSchoolUnderLovIsRefused) {
    TempDir dir;
    fs::copy(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config", dir / "k", fs::copy_options::recursive);
    const fs::path board = dir / "k" / "boards" / "kultur.toml";
    write_file(board, replace(read_file(board), "legal_basis = \"kundvalsreglemente\"", "legal_basis = \"LOV\""));
    ASSERT_THAT(read_file(board), HasSubstr("legal_basis = \"LOV\""));
    const auto r = run(cli + " validate --config " + quoted(dir / "k" / "municipality.toml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("area 'kulturskola' (Kulturskola) in the board's [[areas]]: found legal_basis = \"LOV\""));
    EXPECT_THAT(r.output, HasSubstr("not the culture school"));
    EXPECT_THAT(r.output, HasSubstr("(reported by plugin 'culture')"));
    // The example itself has no LOV area.
    EXPECT_EQ(run(cli + " validate --config " + quoted(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml")).exit_code, 0);
}

// The corpus of configurations the boards' models refuse (tests/config/refused/README.md): each
// is refused by `validate` with exactly the errors its `expected` file lists.
TEST(CliValidate, EachCaseTheModelsRefuseIsRefusedWithItsReasons) {
    const fs::path corpus = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "config" / "refused";
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(corpus)) {
        if (!entry.is_directory()) continue;
        ++cases;
        const fs::path dir = entry.path();
        const auto r = run(cli + " validate --config " + quoted(dir / "municipality.toml"));
        EXPECT_EQ(r.exit_code, 1) << dir.filename() << ": " << r.output;
        std::vector<std::string> errors;
        std::istringstream lines(r.output);
        const std::string prefix = "error: " + fs::absolute(dir).lexically_normal().string() + "/";
        for (std::string line; std::getline(lines, line);)
            if (line.starts_with(prefix)) errors.push_back(line.substr(prefix.size()));
        std::vector<std::string> expected;
        std::istringstream want(read_file(dir / "expected"));
        for (std::string line; std::getline(want, line);)
            if (!line.empty()) expected.push_back(line);
        EXPECT_EQ(errors, expected) << dir.filename() << ": " << r.output;
    }
    EXPECT_GE(cases, 1);
}

TEST(CliValidate, AnUnknownPluginAndSeveralFaultsAreAllReportedInOneRun) {
    TempDir dir;
    ASSERT_EQ(run(cli + " init " + quoted(dir / "k")).exit_code, 0);
    const fs::path board = dir / "k" / "boards" / "utbildning.toml";
    std::string text = read_file(board);
    text = replace(text, "interval_months = 24 ", "interval_months = -24 ");
    text = replace(text, "steps = [\"remark\"", "steps = [\"remarks\"");
    // A board's plan as a setting, as files before schema 8 had it: refused, naming the way in.
    text = replace(text, "plugin = \"education\"", "plugin = \"education\"\nplan_adopted = 2025-02-12");
    write_file(board, text);
    auto r = run(cli + " validate --config " + quoted(dir / "k" / "municipality.toml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("schedule[0].interval_months: found -24"));
    EXPECT_THAT(r.output, HasSubstr("sanction_ladders[0].steps[0]: found \"remarks\""));
    EXPECT_THAT(r.output, HasSubstr("board.plan_adopted: a board's follow-up plan is a record of the register, per kundval area and "
                                    "year, not a setting; expected the key removed and the plan imported (`followup import plans`"));
    EXPECT_THAT(r.output, HasSubstr("3 error(s)"));

    write_file(board, replace(read_file(board), "plugin = \"education\"\nplan_adopted = 2025-02-12", "plugin = \"educaton\""));
    write_file(board, replace(read_file(board), "interval_months = -24 ", "interval_months = 24 "));
    write_file(board, replace(read_file(board), "\"remarks\"", "\"remark\""));
    r = run(cli + " validate --config " + quoted(dir / "k" / "municipality.toml"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("board.plugin: names plugin 'educaton', which is not installed"));
}

TEST(CliValidate, AMissingConfigurationNamesTheFile) {
    const auto r = run(cli + " validate --config /nonexistent/kommun.toml");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("/nonexistent/kommun.toml: no such file"));
}

}  // namespace
