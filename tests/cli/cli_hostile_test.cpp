// The hostile corpus: one import file per record that cannot be true (tests/cli/hostile/, listed
// with the error each must get in cases.txt). Each is refused whole, with its line, its column
// and the reason, and nothing of it reaches the register.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

struct HostileCase {
    std::string file, kind, line, column, message;
};

std::vector<HostileCase> hostile_cases() {
    std::vector<HostileCase> cases;
    std::ifstream in(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "cli" / "hostile" / "cases.txt");
    for (std::string text; std::getline(in, text);) {
        if (text.empty() || text[0] == '#') continue;
        std::istringstream fields(text);
        HostileCase c;
        std::getline(fields, c.file, ';');
        std::getline(fields, c.kind, ';');
        std::getline(fields, c.line, ';');
        std::getline(fields, c.column, ';');
        std::getline(fields, c.message);  // the rest, ';' included
        cases.push_back(std::move(c));
    }
    return cases;
}

class CliHostile : public CliTest, public testing::WithParamInterface<HostileCase> {};

TEST_P(CliHostile, IsRefusedWithItsLineColumnAndReasonAndNothingIsImported) {
    const HostileCase& c = GetParam();
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }));
    const auto before = run(followup("export " + c.kind));
    const fs::path file = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "cli" / "hostile" / c.file;
    ASSERT_TRUE(fs::exists(file)) << file;
    const auto r = run(followup("import " + c.kind + " " + quoted(file)));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("error: " + file.string() + ":" + c.line + ": " + c.column + ": " + c.message)) << r.output;
    EXPECT_THAT(r.output, HasSubstr("nothing was imported"));
    EXPECT_EQ(run(followup("export " + c.kind)).output, before.output);
    // The message never echoes a raw control character to the terminal.
    for (char ch : r.output)
        EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t') << "a raw control character in: " << r.output;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CliHostile, testing::ValuesIn(hostile_cases()), [](const auto& test) {
    std::string name = test.param.file.substr(0, test.param.file.find('.'));
    return name;
});

}  // namespace
