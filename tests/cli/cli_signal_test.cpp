// A quality review triggered by a signal answers it (seed 001: "kvalitetsgranskning, planerade
// eller påkallade"; DOMAIN: "a triggered review opens from a signal and answers it").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;

namespace {

class CliSignal : public CliTest {
protected:
    std::string followup(const std::string& args) const { return CliTest::followup(args) + " 2>&1"; }
};

TEST_F(CliSignal, ATriggeredReviewAnswersTheSignalItWasOpenedFor) {
    auto followup = [this](const std::string& args) { return this->followup(args); };
    ASSERT_TRUE(import_small_fixture(followup, {"providers", "units", "authorizations", "signals"}));
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
