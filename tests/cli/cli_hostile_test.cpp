// The hostile corpus: one import file per record that cannot be true (tests/cli/hostile/, listed
// with the error each must get in cases.txt). Each is refused whole, with its line, its column
// and the reason, and nothing of it reaches the register.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
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
void PrintTo(const HostileCase& c, std::ostream* out) { *out << c.file; }

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

namespace {

/// A hostile case sent through the command that writes its kind (commands.txt).
struct CommandCase {
    std::string file, arguments, message;
};

std::vector<CommandCase> command_cases() {
    std::map<std::string, std::string> import_message;
    for (const auto& c : hostile_cases()) import_message[c.file] = c.message;
    std::vector<CommandCase> cases;
    std::ifstream in(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "cli" / "hostile" / "commands.txt");
    for (std::string text; std::getline(in, text);) {
        if (text.empty() || text[0] == '#') continue;
        CommandCase c;
        const auto first = text.find(';');
        const auto last = text.find(';', first + 1);
        c.file = text.substr(0, first);
        c.arguments = text.substr(first + 1, last - first - 1);
        c.message = text.substr(last + 1);
        if (c.message.empty()) c.message = import_message.at(c.file);
        cases.push_back(std::move(c));
    }
    return cases;
}

TEST(CliHostileCorpus, EveryCaseHasItsCommandOrSaysWhyNone) {
    std::set<std::string> files, with_command;
    for (const auto& c : hostile_cases()) files.insert(c.file);
    for (const auto& c : command_cases()) {
        with_command.insert(c.file);
        EXPECT_FALSE(c.message.empty()) << c.file;
    }
    EXPECT_EQ(files, with_command) << "every file of cases.txt needs a line in commands.txt";
}

void PrintTo(const CommandCase& c, std::ostream* out) { *out << c.file << ": " << c.arguments; }

class CliHostileCommand : public CliTest, public testing::WithParamInterface<CommandCase> {};

TEST_P(CliHostileCommand, IsRefusedByTheMatchingCommandWithTheImportsWords) {
    const CommandCase& c = GetParam();
    if (c.arguments == "none") GTEST_SKIP() << c.file << ": " << c.message;
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }));
    std::vector<std::string> before;
    for (const char* kind : {"follow_ups", "findings", "decisions", "authorizations", "closures"})
        before.push_back(run(followup(std::string("export ") + kind)).output);
    const auto r = run(followup(c.arguments));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr(c.message)) << r.output;
    std::size_t i = 0;
    for (const char* kind : {"follow_ups", "findings", "decisions", "authorizations", "closures"})
        EXPECT_EQ(run(followup(std::string("export ") + kind)).output, before[i++]) << kind << " changed";
    for (char ch : r.output)
        EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20 && ch != '\n' && ch != '\t') << "a raw control character in: " << r.output;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CliHostileCommand, testing::ValuesIn(command_cases()), [](const auto& test) {
    return test.param.file.substr(0, test.param.file.find('.'));
});

}  // namespace
