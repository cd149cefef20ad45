// Issue 16, point 4: records that cannot be true are refused at import with the row and the
// reason, and nothing of the file is imported. The corpus is tests/cli/impossible/: for each case
// CASE.KIND.csv (the file imported, as `followup import KIND`) and CASE.expected (the message, its
// file named without the folder). Each case is imported over the small fixture register.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

const fs::path corpus = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "cli" / "impossible";

std::vector<std::string> cases() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(corpus))
        if (entry.path().extension() == ".expected") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

class ImpossibleRecord : public CliTest, public testing::WithParamInterface<std::string> {};

TEST_P(ImpossibleRecord, IsRefusedWithItsRowAndReasonAndNothingIsImported) {
    ASSERT_TRUE(import_small_fixture([this](const std::string& args) { return followup(args); },
                                     {"providers", "units", "authorizations", "follow_ups", "decisions", "indicators"}));
    fs::path file;
    for (const auto& entry : fs::directory_iterator(corpus))
        if (entry.path().filename().string().starts_with(GetParam() + ".") && entry.path().extension() == ".csv") file = entry.path();
    ASSERT_FALSE(file.empty()) << "no CSV file for case " << GetParam();
    const std::string kind = file.stem().extension().string().substr(1);  // CASE.KIND.csv
    const std::string before = run(followup("export " + kind)).output;

    const auto r = run(followup("import " + kind + " " + quoted(file)));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    std::string expected = read_file(corpus / (GetParam() + ".expected"));
    expected.erase(expected.find_last_not_of('\n') + 1);
    EXPECT_THAT(r.output, HasSubstr("error: " + (corpus / expected).string())) << "the row, the column and the reason";
    EXPECT_THAT(r.output, HasSubstr("nothing was imported"));
    EXPECT_EQ(run(followup("export " + kind)).output, before) << "a refused file changes nothing";
}

INSTANTIATE_TEST_SUITE_P(Corpus, ImpossibleRecord, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

}  // namespace
