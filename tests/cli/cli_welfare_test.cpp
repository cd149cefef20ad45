// Welfare crime's "repeated serious deficiencies" count cases, not grades (issue 29, point 4).
// Seed 001: "Juridik- och kanslistaben har identifierat att det finns ett behov av att särskilt
// säkerställa att kommunens kundval utifrån områdena välfärdsbrottslighet och krisberedskap" —
// the section names the providers the municipality buys from whose serious deficiencies came back
// in a separate case: a deficiency found again at its re-check is the same case, not a repetition;
// an earlier case remedied by its deadline is said to be so; the municipality's own units are
// followed up without sanctions and are not named.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliWelfareCrime : public CliTest {
protected:
    void SetUp() override {
        write_file(dir / "providers.csv",
                   "org_number;name;ownership;continuity_plan\n"
                   "559000-0005;Förskolan Envis AB;private;2024-01-10\n"
                   "559000-0013;Förskolan Återfall AB;private;2024-01-10\n"
                   "212000-0142;Nacka kommun;municipal;2024-01-10\n");
        write_file(dir / "units.csv", "id;provider;name;address;area;registered_persons\n"
                                      "e1;559000-0005;Förskolan Envis;Skolvägen 1, 131 30 Nacka;forskola;\n"
                                      "a1;559000-0013;Förskolan Återfall;Skolvägen 2, 131 30 Nacka;forskola;\n"
                                      "k1;212000-0142;Förskolan Kommunal;Skolvägen 3, 131 30 Nacka;forskola;\n");
        write_file(dir / "authorizations.csv", "provider;area;granted;status;ended\n"
                                               "559000-0005;forskola;2015-08-01;active;\n"
                                               "559000-0013;forskola;2015-08-01;active;\n"
                                               "212000-0142;forskola;2010-01-01;active;\n");
        for (const char* kind : {"providers", "units", "authorizations"}) {
            const auto r = run(followup(std::string("import ") + kind + " " + quoted(dir / (std::string(kind) + ".csv"))));
            ASSERT_EQ(r.exit_code, 0) << r.output;
        }
    }
    /// A tillsyn (insyn of the municipality's own preschool, seed 001) of `unit` graded `grade`.
    void tillsyn(const std::string& id, const std::string& org, const std::string& unit, const std::string& done, const std::string& grade) {
        const std::string form = org.starts_with("212000") ? "insyn" : "tillsyn";
        const auto r = run(followup("record --id " + id + " --provider " + org + " --unit " + unit + " --area forskola --form " + form + " --done " +
                                    done + " --finding 'barngrupper=" + grade + ":för stora barngrupper'"));
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    void decide(const std::string& id, const std::string& decided, const std::string& deadline) {
        const auto r = run(followup("decide " + id + " --kind injunction --decided " + decided + " --deadline " + deadline));
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
};

TEST_F(CliWelfareCrime, RepeatedSeriousDeficienciesAreSeparateCasesOfPrivateProviders) {
    // Envis: one serious deficiency found at three visits without being remedied: one case.
    tillsyn("e-1", "559000-0005", "e1", "2024-03-04", "allvarlig_brist");
    decide("e-1", "2024-03-20", "2024-06-03");
    tillsyn("e-2", "559000-0005", "e1", "2024-09-02", "allvarlig_brist");
    tillsyn("e-3", "559000-0005", "e1", "2025-03-03", "allvarlig_brist");
    // Återfall: a serious deficiency remedied by its deadline, then a new one in 2025: two cases.
    tillsyn("a-1", "559000-0013", "a1", "2024-02-05", "allvarlig_brist");
    decide("a-1", "2024-02-20", "2024-05-06");
    tillsyn("a-2", "559000-0013", "a1", "2024-04-15", "tillfredsstallande");
    tillsyn("a-3", "559000-0013", "a1", "2025-04-07", "allvarlig_brist");
    // The municipality's own preschool: two separate serious cases, never sanctioned or named.
    tillsyn("k-1", "212000-0142", "k1", "2024-02-05", "allvarlig_brist");
    tillsyn("k-2", "212000-0142", "k1", "2024-04-15", "tillfredsstallande");
    tillsyn("k-3", "212000-0142", "k1", "2025-04-07", "allvarlig_brist");

    const auto r = run(followup("compile --year 2025 --date 2026-03-08 --format md --out " + quoted(dir / "out")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string md = read_file(dir / "out" / "samlad-uppfoljning-2025.md");
    ASSERT_THAT(md, HasSubstr("Upprepade allvarliga brister (inom 24 månader)"));
    EXPECT_THAT(md, HasSubstr("| Förskolan Återfall AB | Förskola | 2024-02-05 (åtgärdad i tid 2024-04-15), 2025-04-07 |"));
    const std::string table = md.substr(md.find("Upprepade allvarliga brister (inom 24 månader)"));
    const std::string rows = table.substr(0, table.find("\n\n", table.find("|---")));
    EXPECT_THAT(rows, Not(HasSubstr("Förskolan Envis AB"))) << "a persisting case is one case";
    EXPECT_THAT(rows, Not(HasSubstr("Nacka kommun"))) << "the municipality's own units are not sanctioned";
}

}  // namespace
