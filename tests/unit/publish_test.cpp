// The residents' site's small rules, without the CLI: what a published CSV cell, a terminal
// message and an organisation number may show.
#include <gtest/gtest.h>

#include "report/publish.hpp"
#include "report/publish_internal.hpp"
#include "report/render.hpp"

namespace {

using namespace followup::core;

// Issue 16, point 5: the open-data CSV neutralises what a spreadsheet would run, as the
// compilation's CSVs do — and also a leading tab or carriage return (OWASP's CSV injection list).
TEST(PublishedCsv, ATextCellThatASpreadsheetWouldRunStartsWithAnApostrophe) {
    for (const std::string formula : {"=1+2", "+46 8 123", "-2+3", "@SUM(A1)", "\t=1", "\r=1"})
        EXPECT_EQ(publishing::csv_text_safe(formula), "'" + formula) << formula;
    for (const std::string plain : {"Förskolan Ekorren", "", "1+2", "a=b", "'quoted"})
        EXPECT_EQ(publishing::csv_text_safe(plain), plain) << plain;
}

TEST(PublishedMessages, ControlCharactersAreShownNotObeyed) {
    EXPECT_EQ(printable("site\x1b[2J"), "site\\x1b[2J");
    EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
    EXPECT_EQ(printable("tab\there\r\n\x7f"), "tab\\x09here\\x0d\\x0a\\x7f");
    EXPECT_EQ(printable("Förskolan Ekorren"), "Förskolan Ekorren");  // UTF-8 is text, not control
}

// A sole trader's business is registered under the owner's personal identity number: the month
// digits (third and fourth) are 01-12, where a legal entity's are 20 or more.
TEST(PublishedProviders, APersonalIdentityNumberIsToldFromAnOrganisationNumber) {
    EXPECT_TRUE(publishing::is_personal_identity_number("850709-9805"));
    EXPECT_TRUE(publishing::is_personal_identity_number("19850709-9805"));
    EXPECT_TRUE(publishing::is_personal_identity_number("8507099805"));
    EXPECT_FALSE(publishing::is_personal_identity_number("559000-0005"));  // aktiebolag
    EXPECT_FALSE(publishing::is_personal_identity_number("212000-0142"));  // a municipality
    EXPECT_FALSE(publishing::is_personal_identity_number("802400-0013"));  // ideell förening
}

// The compilation's long tables go to CSV as they are made (spill_long_table): every text cell
// as spreadsheet_safe() has it and quoted where it must be, a number as it is, and the rows added
// after a first spill on the end.
TEST(CompilationCsv, ASpilledTableNeutralisesFormulasQuotesWhatItMustAndKeepsNumbers) {
    Table t{"t", "T", {"namn", "antal"}, {}};
    t.rows.push_back({Cell("=HYPERLINK(\"x\")"), Cell("-3", -3)});
    t.rows.push_back({Cell("Förskolan; Ekorren"), Cell("12", 12)});
    t.rows.push_back({Cell(" kant "), Cell("@1")});
    spill_long_table(t, 1);
    t.rows.push_back({Cell("\tflik"), Cell("4", 4)});
    spill_long_table(t, 1);
    EXPECT_EQ(t.spilled_csv,
              "namn;antal\r\n"
              "\"'=HYPERLINK(\"\"x\"\")\";-3\r\n"
              "\"Förskolan; Ekorren\";12\r\n"
              "\" kant \";'@1\r\n"
              "'\tflik;4\r\n");
    EXPECT_EQ(t.rows_total, 4u);
}

}  // namespace
