// A quality review triggered by a signal answers it (seed 001: "kvalitetsgranskning, planerade
// eller påkallade"; DOMAIN: "a triggered review opens from a signal and answers it").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

const std::string cli = quoted(FOLLOWUP_CLI);
const fs::path source = fs::path(FOLLOWUP_TEST_SOURCE_DIR);
const fs::path example = source / ".." / "config" / "municipality.toml";
const fs::path fixture = source / "fixtures" / "small";

TEST(CliSignal, ATriggeredReviewAnswersTheSignalItWasOpenedFor) {
    TempDir dir;
    auto followup = [&](const std::string& args) {
        return cli + " --config " + quoted(example) + " --db " + quoted(dir.path() / "r.sqlite") + " " + args + " 2>&1";
    };
    for (const char* kind : {"providers", "units", "authorizations", "signals"})
        ASSERT_EQ(run(followup(std::string("import ") + kind + " " + quoted(fixture / (std::string(kind) + ".csv")))).exit_code, 0);
    // The plan opens a review from the complaint s1 (2025-05-20) within the configured days.
    EXPECT_THAT(run(followup("plan --year 2025 --board aldre --dry-run")).output, HasSubstr("påkallad granskning"));
    // The review is done, finds a deficiency, and is documented, reported and communicated.
    auto r = run(followup("record --id g1 --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-06-02 "
                          "--signal --finding \"hemtjanst_ledning=ej_uppfyllt:uteblivna besök bekräftade\" "
                          "--step documented=2025-06-03 --step reported_to_board=2025-06-17 --step communicated_to_provider=2025-06-18"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string signals = run(followup("export signals")).output;
    EXPECT_THAT(signals, HasSubstr("s1;559100-0038;hemtjanst;complaint;2025-05-20;klagomål om uteblivna besök;;ja;"
                                   "\"kvalitetsgranskning g1 2025-06-02: 1 brist(er); injunction\""));
    // Assessing again does not answer it twice or change it.
    EXPECT_EQ(run(followup("assess g1 --again")).exit_code, 0);
    EXPECT_EQ(run(followup("export signals")).output, signals);
}

}  // namespace
