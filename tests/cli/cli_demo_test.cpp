// `followup demo generate`: deterministic, consistent with config/, and what the README's first
// command runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

/// Each generated municipality has its register beside it.
std::string followup(const fs::path& db, const std::string& args) { return followup_command(example_config(), db, args); }

TEST(CliDemo, TheSameSeedGivesTheSameMunicipalityAndItImportsAndCompiles) {
    TempDir dir;
    auto r = run(followup(dir / "a" / "r.sqlite", "demo generate --scale municipality --seed 7 --out " + quoted(dir / "a") + " --import"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("imported"));
    ASSERT_EQ(run(followup(dir / "b.sqlite", "demo generate --seed 7 --out " + quoted(dir / "b"))).exit_code, 0);
    ASSERT_EQ(run(followup(dir / "c.sqlite", "demo generate --seed 8 --out " + quoted(dir / "c"))).exit_code, 0);
    for (const char* kind : {"providers", "follow_ups", "findings", "decisions", "indicators"}) {
        const std::string file = std::string(kind) + ".csv";
        EXPECT_EQ(read_file(dir / "a" / file), read_file(dir / "b" / file)) << kind;
    }
    EXPECT_NE(read_file(dir / "a" / "findings.csv"), read_file(dir / "c" / "findings.csv"));

    // About 450 providers; the welfare-crime patterns, overdue re-checks and new providers the
    // compilation is meant to find are there.
    const auto providers = read_file(dir / "a" / "providers.csv");
    const auto lines = static_cast<std::size_t>(std::count(providers.begin(), providers.end(), '\n')) - 1;
    EXPECT_GT(lines, 400u);
    EXPECT_LT(lines, 520u);
    r = run(followup(dir / "a" / "r.sqlite", "compile --year 2025 --date 2026-03-08 --format md --out " + quoted(dir / "a")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string md = read_file(dir / "a" / "samlad-uppfoljning-2025.md");
    // Home care's three kinds of signal (seed 004), in words, each unsubstantiated until examined.
    EXPECT_THAT(md, HasSubstr("Fler utförda timmar än beslutade"));
    EXPECT_THAT(md, HasSubstr("Färre utförda timmar än beslutade"));
    EXPECT_THAT(md, HasSubstr("Beviljade timmar växer snabbare än områdets"));
    EXPECT_THAT(md, HasSubstr("Behovsanmälningar endast om fler timmar"));
    // Once per provider and kind, with the months it was seen in (issue 17).
    EXPECT_THAT(md, testing::ContainsRegex("[2-9] månader \\(2025-[0-9][0-9], 2025-"));
    // Authorizations granted and ended in the year.
    EXPECT_THAT(md, testing::ContainsRegex("beviljades [1-9][0-9]* auktorisationer och [1-9][0-9]* upphörde"));
    EXPECT_THAT(md, HasSubstr("Inte styrkt, ej prövad av nämnden"));
    EXPECT_THAT(md, HasSubstr("Nya anordnare som ännu inte följts upp"));
    r = run(followup(dir / "a" / "r.sqlite", "status --at 2025-12-31"));
    EXPECT_THAT(r.output, testing::ContainsRegex("Open deficiency cases past their re-check date or deadline: [1-9]"));
    EXPECT_EQ(run(followup(dir / "a" / "r.sqlite", "audit verify")).exit_code, 0);
}

}  // namespace
